# tests/lib.sh: placeholder

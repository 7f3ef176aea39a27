# man/: placeholder, being written

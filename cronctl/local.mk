# cronctl/: placeholder, being written

# crontab/: placeholder, being written

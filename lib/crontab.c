/* placeholder: being written */
#include "crontab.h"

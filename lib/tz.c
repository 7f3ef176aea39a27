/* placeholder: being written */
#include "tz.h"

/* placeholder: being written */
#include "next.h"

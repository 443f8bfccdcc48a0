#ifndef REFORM_CZLIB_SHIM_H
#define REFORM_CZLIB_SHIM_H

#include <zlib.h>

#endif

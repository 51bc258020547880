#ifndef PUMP_CZLIB_SHIM_H
#define PUMP_CZLIB_SHIM_H
#include <zlib.h>
#endif

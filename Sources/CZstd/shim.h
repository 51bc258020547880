#ifndef PUMP_CZSTD_SHIM_H
#define PUMP_CZSTD_SHIM_H
#include <zstd.h>
#endif

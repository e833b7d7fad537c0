#include "protocol/device_client.h"

#include "protocol/mqtt_link.h"

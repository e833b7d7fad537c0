// The broker files for a site: mosquitto.conf, an ACL and a password list.
//
// Contract: pure text generation. Each device id may write only under
// guichet/v1/<site>/dev/<its id>/ and read its replies, the controller's
// status, state/ and event/; the controller gets its whole site. Passwords are
// returned in clear ("user:password" lines) for `mosquitto_passwd -U` to hash.
#pragma once

#include <string>

#include "controller/config/site_config.h"

namespace guichet::cli {

struct BrokerFiles {
    std::string conf;
    std::string acl;
    std::string passwords;  // clear text, hash before use
};

// `user`: the account mosquitto drops to when started as root; it must be able to read passwd.
BrokerFiles broker_files(const config::SiteConfig& site, const std::string& out_dir, int port,
                         const std::string& user);

}  // namespace guichet::cli

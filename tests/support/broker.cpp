#include "tests/support/broker.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace guichet::test {

int free_loopback_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot bind a loopback port");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

namespace {

bool port_accepts(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

std::string current_user() {
    passwd* pw = ::getpwuid(::geteuid());
    return pw ? pw->pw_name : "root";
}

}  // namespace

Broker::Broker(const std::string& auth_dir) : dir_("guichet-broker"), auth_dir_(auth_dir) {
    port_ = free_loopback_port();
    start();
}

Broker::~Broker() {
    stop();
}

void Broker::start() {
    std::string conf = "user " + current_user() + "\n" + "listener " + std::to_string(port_) +
                       " 127.0.0.1\n" + "persistence false\n" + "set_tcp_nodelay true\n" + "log_dest stderr\n" +
                       "log_type error\n" + "max_packet_size 65536\n";
    if (auth_dir_.empty()) {
        conf += "allow_anonymous true\n";
    } else {
        conf += "allow_anonymous false\npassword_file " + auth_dir_ + "/passwd\nacl_file " +
                auth_dir_ + "/acl\n";
    }
    const auto conf_path = dir_ / "mosquitto.conf";
    write_file(conf_path, conf);
    pid_ = ::fork();
    if (pid_ == 0) {
        ::execl("/usr/sbin/mosquitto", "mosquitto", "-c", conf_path.c_str(), nullptr);
        ::_exit(127);
    }
    for (int i = 0; i < 200; ++i) {
        if (port_accepts(port_)) return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("mosquitto exited at start (see stderr)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("mosquitto did not listen on port " + std::to_string(port_));
}

void Broker::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

void Broker::restart() {
    stop();
    start();
}

}  // namespace guichet::test

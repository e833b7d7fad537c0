#include "tests/support/test_site.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <array>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "controller/config/site_config.h"

namespace guichet::test {

namespace {

std::string site_text(const std::string& url, const std::string& store, const std::string& extra) {
    std::string text = read_file(GUICHET_SOURCE_DIR "/tests/support/test-site.toml");
    auto replace = [&](const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
    };
    replace("@BROKER_URL@", url);
    replace("@STORE_PATH@", store);
    return text + "\n" + extra;
}

int wait_exit(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TestSite::TestSite(const std::string& extra_toml) : dir_("guichet-site") {
    config_path_ = (dir_ / "site.toml").string();
    // The ACL does not depend on the port: write it first, start the broker, then the real URL.
    write_file(config_path_, site_text("tcp://127.0.0.1:1", store_path(), extra_toml));
    std::string out;
    if (cli({"mosquitto-config", "--out", auth_dir(), "--user", "root"}, &out) != 0)
        throw std::runtime_error("guichet mosquitto-config failed: " + out);
    broker_ = std::make_unique<Broker>(auth_dir());
    write_file(config_path_, site_text(broker_->uri(), store_path(), extra_toml));
}

TestSite::~TestSite() {
    if (controller_ > 0) kill_controller(SIGKILL);
}

std::string TestSite::controller_log() const {
    try {
        return read_file(dir_ / "controller.log");
    } catch (const std::exception&) {
        return "";
    }
}

void TestSite::start_controller(const std::vector<std::string>& extra_args) {
    const std::string log = (dir_ / "controller.log").string();
    log_offset_ = controller_log().size();
    controller_ = ::fork();
    if (controller_ == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        ::dup2(fd, STDERR_FILENO);
        ::close(fd);
        std::vector<std::string> args = {GUICHET_CONTROLLER_BIN, "--config", config_path_};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        std::vector<char*> argv;
        for (std::string& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    for (int i = 0; i < 500; ++i) {
        if (controller_log().find("connected to", log_offset_) != std::string::npos) return;
        int status = 0;
        if (::waitpid(controller_, &status, WNOHANG) == controller_) {
            controller_ = -1;
            throw std::runtime_error("guichet-controller exited at start:\n" + controller_log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("guichet-controller did not connect:\n" + controller_log());
}

void TestSite::kill_controller(int signal) {
    if (controller_ <= 0) return;
    ::kill(controller_, signal);
    wait_exit(controller_);
    controller_ = -1;
}

int TestSite::stop_controller() {
    if (controller_ <= 0) return -1;
    ::kill(controller_, SIGTERM);
    const int status = wait_exit(controller_);
    controller_ = -1;
    return status;
}

protocol::DeviceClientOptions TestSite::device(const std::string& id) const {
    auto loaded = config::load_site_config(config_path_);
    const auto& site = std::get<config::SiteConfig>(loaded);
    const config::Device* d = site.device(id);
    if (!d) throw std::runtime_error("no device " + id + " in the test site");
    protocol::DeviceClientOptions o;
    o.server_uri = site.broker.url;
    o.site = site.id;
    o.device = id;
    o.password = d->password;
    o.role = config::to_string(d->role);
    o.retry_every = std::chrono::milliseconds(300);
    o.give_up_after = std::chrono::seconds(20);
    return o;
}

int TestSite::cli(const std::vector<std::string>& args, std::string* out) const {
    std::string command = std::string(GUICHET_CLI_BIN) + " --config '" + config_path_ + "'";
    for (const std::string& a : args) command += " '" + a + "'";
    command += " 2>&1";
    std::FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::array<char, 4096> buf{};
    std::string text;
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) text.append(buf.data(), n);
    const int status = ::pclose(pipe);
    if (out) *out = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace guichet::test

#include "controller/simulate/command.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace guichet::simulate {

int run_simulate(const SimulateArgs& args, std::ostream& out, std::ostream& err,
                 const EventSink& sink) {
    auto loaded = config::load_site_config(args.config_path);
    if (auto* e = std::get_if<config::ConfigError>(&loaded)) {
        err << e->message() << "\n";
        return 1;
    }
    const config::SiteConfig& site = std::get<config::SiteConfig>(loaded);
    std::ifstream in(args.profile_path);
    if (!in) {
        err << args.profile_path << ": cannot read the profile\n";
        return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = parse_profile(text.str());
    if (auto* e = std::get_if<std::string>(&parsed)) {
        err << args.profile_path << ":" << *e << "\n";
        return 1;
    }
    const Profile& profile = std::get<Profile>(parsed);
    for (const ServiceProfile& s : profile.services) {
        if (!site.service(s.id)) {
            err << args.profile_path << ": service '" << s.id << "' is not in " << args.config_path
                << "\n";
            return 1;
        }
    }
    Options options;
    options.seed = args.seed;
    options.days = args.days;
    options.regulation = args.regulation;
    options.estimate_runs = args.estimate_runs;
    if (args.first_day) options.first_day = *args.first_day;
    const Result result = run(site, profile, options, sink);

    std::error_code ec;
    std::filesystem::create_directories(args.out_dir, ec);
    const std::filesystem::path csv = std::filesystem::path(args.out_dir) / "tickets.csv";
    std::ofstream file(csv);
    file << tickets_csv(result.tickets);
    if (!file.flush()) {
        err << csv.string() << ": cannot write\n";
        return 2;
    }
    int served = 0;
    int in_target = 0;
    for (const TicketRow& t : result.tickets) {
        if (t.outcome != Outcome::served) continue;
        ++served;
        const config::Service* s = site.service(t.service);
        if (s && *t.actual_wait_s() <= static_cast<double>(s->target_wait.count())) ++in_target;
    }
    out << result.tickets.size() << " tickets over " << args.days << " day(s), " << served
        << " served, " << (served ? 100.0 * in_target / served : 0)
        << " % within target; refused: " << result.refused.cutoff << " cut-off, "
        << result.refused.capacity_full << " capacity, " << result.refused.balked
        << " did not take a ticket. Wrote " << csv.string() << "\n";
    return 0;
}

}  // namespace guichet::simulate

#include "controller/regulation/engine_view.h"

namespace guichet::regulation {

namespace {

QueueSnapshot build(const engine::Engine& engine, Time now, const std::set<std::string>* only) {
    QueueSnapshot snapshot;
    snapshot.now = now;
    for (const engine::ServiceDef& def : engine.config().services) {
        ServiceNow service{def.id, def.target_wait, {}};
        if (only && !only->count(def.id)) {
            snapshot.services.push_back(std::move(service));
            continue;
        }
        for (const engine::Ticket* t : engine.waiting(def.id)) {
            service.waiting.push_back(
                {t->number, t->service, t->priority, t->queued_at, t->not_before});
        }
        snapshot.services.push_back(std::move(service));
    }
    for (const engine::CounterDef& def : engine.config().counters) {
        const engine::Counter* live = engine.counter(def.id);
        CounterNow counter;
        counter.id = def.id;
        counter.policy = def.policy;
        if (live) {
            counter.state = live->state;
            counter.services = live->services;
            counter.state_since = live->state_since;
            const engine::Ticket* current = live->current ? engine.ticket(*live->current) : nullptr;
            if (current) {
                counter.busy_since = current->called_at;
                counter.busy_service = current->service;
                counter.started_at = current->started_at;
            }
        }
        snapshot.counters.push_back(std::move(counter));
    }
    return snapshot;
}

}  // namespace

QueueSnapshot snapshot_of(const engine::Engine& engine, Time now) {
    return build(engine, now, nullptr);
}

QueueSnapshot snapshot_of(const engine::Engine& engine, Time now,
                          const std::set<std::string>& services) {
    return build(engine, now, &services);
}

}  // namespace guichet::regulation

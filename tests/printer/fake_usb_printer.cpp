#include "tests/printer/fake_usb_printer.h"

#include <dlfcn.h>
#include <sys/ioctl.h>

#include <linux/usbdevice_fs.h>
#include <umockdev.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <optional>
#include <stdexcept>

namespace guichet::printer::test {

UMockdevTestbed* usb_testbed() {
    static UMockdevTestbed* testbed = [] {
        // Linked in (--no-as-needed) or LD_PRELOADed by umockdev-wrapper.
        void* preload = dlopen("libumockdev-preload.so.0", RTLD_LAZY | RTLD_NOLOAD);
        const bool mocked = preload != nullptr || umockdev_in_mock_environment();
        if (preload != nullptr) dlclose(preload);
        if (!mocked) {
            std::fprintf(stderr, "not running under umockdev's preload library: skipping (77)\n");
            std::exit(77);
        }
        return umockdev_testbed_new();
    }();
    return testbed;
}

struct FakeUsbPrinter::State {
    mutable std::mutex mutex;
    FakePrinterSpec spec;
    std::string received;
    std::uint8_t status[3] = {0x12, 0x12, 0x12};  // DLE EOT 1, 2, 4: all fine
    std::optional<std::size_t> stall_budget;
    std::optional<std::size_t> unplug_budget;
    bool gone = false;
    bool busy = false;
    bool driver_bound = false;
    int detach_requests = 0;
    int claims = 0;
    int discarded = 0;
    std::deque<UMockdevIoctlData*> reapable;  // each holds one reference
    UMockdevIoctlData* held_out = nullptr;    // the stalled URB
    UMockdevIoctlData* waiting_in = nullptr;  // a read waiting for a status reply
    std::string replies;
    std::string tail;  // the last bytes seen, to find DLE EOT across URBs

    void answer_status_requests(std::string_view bytes) {
        for (const char c : bytes) {
            tail += c;
            if (tail.size() > 3) tail.erase(0, tail.size() - 3);
            if (spec.answers_status && tail.size() == 3 && tail[0] == 0x10 && tail[1] == 0x04) {
                const int n = tail[2];
                if (n == 1) replies += static_cast<char>(status[0]);
                if (n == 2) replies += static_cast<char>(status[1]);
                if (n == 4 && spec.answers_paper_sensor) replies += static_cast<char>(status[2]);
                tail.clear();
            }
        }
        fill_waiting_in();
    }

    void fill_waiting_in() {
        if (waiting_in == nullptr || replies.empty()) return;
        auto* urb = reinterpret_cast<usbdevfs_urb*>(waiting_in->data);
        const std::size_t n = std::min<std::size_t>(replies.size(), urb->buffer_length);
        std::memcpy(urb->buffer, replies.data(), n);
        replies.erase(0, n);
        urb->actual_length = static_cast<int>(n);
        urb->status = 0;
        reapable.push_back(waiting_in);
        waiting_in = nullptr;
    }

    void submit_out(UMockdevIoctlData* urb_data, usbdevfs_urb* urb) {
        const auto* bytes = static_cast<const char*>(urb->buffer);
        std::size_t accept = static_cast<std::size_t>(urb->buffer_length);
        if (stall_budget) accept = std::min(accept, *stall_budget);
        if (unplug_budget) accept = std::min(accept, *unplug_budget);
        received.append(bytes, accept);
        answer_status_requests(std::string_view(bytes, accept));
        urb->actual_length = static_cast<int>(accept);
        urb->status = 0;
        if (unplug_budget) {
            *unplug_budget -= accept;
            if (*unplug_budget == 0 && accept < static_cast<std::size_t>(urb->buffer_length)) {
                gone = true;
                urb->status = -ESHUTDOWN;
            }
        }
        if (stall_budget && !gone) {
            *stall_budget -= accept;
            if (accept < static_cast<std::size_t>(urb->buffer_length)) {
                held_out = urb_data;  // never completes: libusb will discard it
                return;
            }
        }
        reapable.push_back(urb_data);
    }

    bool handle(UMockdevIoctlClient* client) {
        const unsigned long request = umockdev_ioctl_client_get_request(client);
        UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
        std::lock_guard lock(mutex);
        if (request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY) {
            return reap(client, arg);
        }
        if (gone) {
            umockdev_ioctl_client_complete(client, -1, ENODEV);
            return true;
        }
        switch (request) {
            case USBDEVFS_GET_CAPABILITIES: {
                UMockdevIoctlData* caps =
                    umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), nullptr);
                *reinterpret_cast<guint32*>(caps->data) =
                    USBDEVFS_CAP_BULK_SCATTER_GATHER | USBDEVFS_CAP_BULK_CONTINUATION |
                    USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_REAP_AFTER_DISCONNECT |
                    USBDEVFS_CAP_ZERO_PACKET;
                umockdev_ioctl_client_complete(client, 0, 0);
                g_object_unref(caps);
                return true;
            }
            case USBDEVFS_GETDRIVER: {
                if (!driver_bound) {
                    umockdev_ioctl_client_complete(client, -1, ENODATA);
                    return true;
                }
                UMockdevIoctlData* d =
                    umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_getdriver), nullptr);
                auto* getdriver = reinterpret_cast<usbdevfs_getdriver*>(d->data);
                std::snprintf(getdriver->driver, sizeof getdriver->driver, "%s",
                              spec.kernel_driver.c_str());
                umockdev_ioctl_client_complete(client, 0, 0);
                g_object_unref(d);
                return true;
            }
            case USBDEVFS_IOCTL: {
                UMockdevIoctlData* d =
                    umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_ioctl), nullptr);
                const auto* command = reinterpret_cast<usbdevfs_ioctl*>(d->data);
                if (static_cast<unsigned long>(command->ioctl_code) == USBDEVFS_DISCONNECT) {
                    ++detach_requests;
                    if (driver_bound) {
                        driver_bound = false;
                        umockdev_ioctl_client_complete(client, 0, 0);
                    } else {
                        umockdev_ioctl_client_complete(client, -1, ENODATA);
                    }
                } else {
                    umockdev_ioctl_client_complete(client, -1, ENOTTY);
                }
                g_object_unref(d);
                return true;
            }
            case USBDEVFS_DISCONNECT_CLAIM:
                umockdev_ioctl_client_complete(client, -1, ENOTTY);
                return true;
            case USBDEVFS_CLAIMINTERFACE:
                // The kernel refuses a claim while usblp (or anyone) holds it.
                if (busy || driver_bound) {
                    umockdev_ioctl_client_complete(client, -1, EBUSY);
                } else {
                    ++claims;
                    umockdev_ioctl_client_complete(client, 0, 0);
                }
                return true;
            case USBDEVFS_RELEASEINTERFACE:
            case USBDEVFS_CLEAR_HALT:
            case USBDEVFS_RESETEP:
            case USBDEVFS_SETINTERFACE:
                umockdev_ioctl_client_complete(client, 0, 0);
                return true;
            case USBDEVFS_SUBMITURB:
                return submit(client, arg);
            case USBDEVFS_DISCARDURB:
                return discard(client, arg);
            default:
                return false;
        }
    }

    bool submit(UMockdevIoctlClient* client, UMockdevIoctlData* arg) {
        UMockdevIoctlData* urb_data =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr);
        auto* urb = reinterpret_cast<usbdevfs_urb*>(urb_data->data);
        UMockdevIoctlData* buffer =
            umockdev_ioctl_data_resolve(urb_data, G_STRUCT_OFFSET(usbdevfs_urb, buffer),
                                        static_cast<gsize>(urb->buffer_length), nullptr);
        g_object_unref(buffer);  // urb_data keeps the resolved copy
        if (urb->type != USBDEVFS_URB_TYPE_BULK) {
            g_object_unref(urb_data);
            umockdev_ioctl_client_complete(client, -1, EINVAL);
            return true;
        }
        if (urb->endpoint == spec.endpoint_out) {
            submit_out(urb_data, urb);
        } else if (urb->endpoint == spec.endpoint_in && waiting_in == nullptr) {
            waiting_in = urb_data;
            fill_waiting_in();
        } else {
            g_object_unref(urb_data);
            umockdev_ioctl_client_complete(client, -1, ENOENT);
            return true;
        }
        umockdev_ioctl_client_complete(client, 0, 0);
        return true;
    }

    bool reap(UMockdevIoctlClient* client, UMockdevIoctlData* arg) {
        if (reapable.empty()) {
            umockdev_ioctl_client_complete(client, -1, gone ? ENODEV : EAGAIN);
            return true;
        }
        UMockdevIoctlData* urb_data = reapable.front();
        reapable.pop_front();
        UMockdevIoctlData* pointer = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), nullptr);
        umockdev_ioctl_data_set_ptr(pointer, 0, urb_data);
        umockdev_ioctl_client_complete(client, 0, 0);
        g_object_unref(pointer);
        g_object_unref(urb_data);
        return true;
    }

    bool discard(UMockdevIoctlClient* client, UMockdevIoctlData* arg) {
        const auto address = reinterpret_cast<gulong>(*reinterpret_cast<void**>(arg->data));
        for (UMockdevIoctlData** slot : {&held_out, &waiting_in}) {
            if (*slot != nullptr && (*slot)->client_addr == address) {
                auto* urb = reinterpret_cast<usbdevfs_urb*>((*slot)->data);
                urb->status = -ENOENT;  // actual_length keeps what was accepted
                reapable.push_back(*slot);
                if (*slot == held_out) stall_budget.reset();  // the printer reads again
                *slot = nullptr;
                ++discarded;
                umockdev_ioctl_client_complete(client, 0, 0);
                return true;
            }
        }
        umockdev_ioctl_client_complete(client, -1, EINVAL);
        return true;
    }
};

namespace {

// The handler owns a reference to the state: umockdev's worker thread may
// still deliver an ioctl from a closing client after the fake is destroyed.
gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer data) {
    return (*static_cast<std::shared_ptr<FakeUsbPrinter::State>*>(data))->handle(client) ? TRUE
                                                                                         : FALSE;
}

void release_state(gpointer data, GClosure*) {
    delete static_cast<std::shared_ptr<FakeUsbPrinter::State>*>(data);
}

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

// Device, configuration, interface and two bulk endpoint descriptors.
std::string descriptors(const FakePrinterSpec& s) {
    const auto lo = [](int v) { return static_cast<char>(v & 0xFF); };
    const auto hi = [](int v) { return static_cast<char>((v >> 8) & 0xFF); };
    std::string d = {18,
                     1,
                     0x00,
                     0x02,
                     0,
                     0,
                     0,
                     64,
                     lo(s.vendor),
                     hi(s.vendor),
                     lo(s.product),
                     hi(s.product),
                     0x00,
                     0x01,
                     1,
                     2,
                     3,
                     1};
    d += std::string{9, 2, 32, 0, 1, 1, 0, static_cast<char>(0xC0), 1};
    d += std::string{9, 4, 0, 0, 2, static_cast<char>(s.interface_class), 1, 2, 0};
    d += std::string{7, 5, static_cast<char>(s.endpoint_out), 2, 64, 0, 0};
    d += std::string{7, 5, static_cast<char>(s.endpoint_in), 2, 64, 0, 0};
    return d;
}

}  // namespace

FakeUsbPrinter::FakeUsbPrinter(FakePrinterSpec spec)
    : spec_(std::move(spec)), state_(std::make_shared<State>()) {
    state_->spec = spec_;
    state_->driver_bound = !spec_.kernel_driver.empty();
    char number[4];
    std::snprintf(number, sizeof number, "%03d", spec_.address);
    devnode_ = std::string("/dev/bus/usb/001/") + number;
    const std::string name = "1-" + std::to_string(spec_.address);
    syspath_ = "/sys/devices/usb1/" + name;

    UMockdevTestbed* testbed = usb_testbed();
    auto* handler = umockdev_ioctl_base_new();
    g_signal_connect_data(handler, "handle-ioctl", G_CALLBACK(on_ioctl),
                          new std::shared_ptr<State>(state_), release_state, G_CONNECT_AFTER);
    handler_ = handler;
    GError* error = nullptr;
    if (!umockdev_testbed_attach_ioctl(testbed, devnode_.c_str(), handler, &error)) {
        const std::string why = error ? error->message : "?";
        g_clear_error(&error);
        throw std::runtime_error("umockdev attach_ioctl: " + why);
    }
    const std::string description =
        "P: /devices/usb1/" + name + "\nN: bus/usb/001/" + number +
        "\nE: SUBSYSTEM=usb\nE: DRIVER=usb\nE: BUSNUM=001\nE: DEVNUM=" + number +
        "\nE: DEVNAME=" + devnode_ +
        "\nE: DEVTYPE=usb_device\nA: bConfigurationValue=1\\n\nA: busnum=1\\n\nA: devnum=" +
        std::to_string(spec_.address) +
        "\\n\nA: speed=12\\n\nH: descriptors=" + hex(descriptors(spec_)) + "\n";
    if (!umockdev_testbed_add_from_string(testbed, description.c_str(), &error)) {
        const std::string why = error ? error->message : "?";
        g_clear_error(&error);
        throw std::runtime_error("umockdev add_from_string: " + why);
    }
    umockdev_testbed_uevent(testbed, syspath_.c_str(), "add");
    in_testbed_ = true;
}

FakeUsbPrinter::~FakeUsbPrinter() {
    {
        std::lock_guard lock(state_->mutex);
        state_->gone = true;  // late ioctls see an unplugged device
    }
    remove_from_testbed();
    umockdev_testbed_detach_ioctl(usb_testbed(), devnode_.c_str(), nullptr);
    g_object_unref(handler_);
    std::lock_guard lock(state_->mutex);
    for (auto* d : state_->reapable) g_object_unref(d);
    if (state_->held_out) g_object_unref(state_->held_out);
    if (state_->waiting_in) g_object_unref(state_->waiting_in);
    state_->reapable.clear();
    state_->held_out = nullptr;
    state_->waiting_in = nullptr;
}

void FakeUsbPrinter::remove_from_testbed() {
    if (!in_testbed_) return;
    in_testbed_ = false;
    umockdev_testbed_uevent(usb_testbed(), syspath_.c_str(), "remove");
    umockdev_testbed_remove_device(usb_testbed(), syspath_.c_str());
}

std::string FakeUsbPrinter::received() const {
    std::lock_guard lock(state_->mutex);
    return state_->received;
}

void FakeUsbPrinter::set_status(std::uint8_t printer, std::uint8_t offline_cause,
                                std::uint8_t paper) {
    std::lock_guard lock(state_->mutex);
    state_->status[0] = printer;
    state_->status[1] = offline_cause;
    state_->status[2] = paper;
}

void FakeUsbPrinter::stall_after(std::size_t bytes) {
    std::lock_guard lock(state_->mutex);
    state_->stall_budget = bytes;
}

void FakeUsbPrinter::unplug_after(std::size_t bytes) {
    std::lock_guard lock(state_->mutex);
    state_->unplug_budget = bytes;
}

void FakeUsbPrinter::unplug() {
    {
        std::lock_guard lock(state_->mutex);
        state_->gone = true;
    }
    remove_from_testbed();
}

void FakeUsbPrinter::set_busy(bool busy) {
    std::lock_guard lock(state_->mutex);
    state_->busy = busy;
}

int FakeUsbPrinter::detach_requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->detach_requests;
}

int FakeUsbPrinter::claims() const {
    std::lock_guard lock(state_->mutex);
    return state_->claims;
}

int FakeUsbPrinter::discarded_urbs() const {
    std::lock_guard lock(state_->mutex);
    return state_->discarded;
}

}  // namespace guichet::printer::test

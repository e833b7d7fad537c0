#include "printer-driver/usb/usb_printer.h"

#include <libusb.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <string>

namespace guichet::printer {
namespace {

constexpr std::uint8_t kPrinterClass = 7;

std::string hex_id(UsbId id) {
    char text[10];
    std::snprintf(text, sizeof text, "%04x:%04x", id.vendor, id.product);
    return text;
}

struct Candidate {
    libusb_device* device;
    UsbPrinterInfo info;
};

// The bulk endpoints of one interface setting; nullopt without a bulk OUT.
std::optional<UsbPrinterInfo> printer_interface(const libusb_interface_descriptor& setting) {
    UsbPrinterInfo info;
    info.interface = setting.bInterfaceNumber;
    bool has_out = false;
    for (int e = 0; e < setting.bNumEndpoints; ++e) {
        const auto& ep = setting.endpoint[e];
        if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) continue;
        if ((ep.bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN) {
            if (!info.endpoint_in) info.endpoint_in = ep.bEndpointAddress;
        } else if (!has_out) {
            info.endpoint_out = ep.bEndpointAddress;
            has_out = true;
        }
    }
    if (!has_out) return std::nullopt;
    return info;
}

// Matching devices, each with one reference the caller must drop.
std::vector<Candidate> candidates(libusb_context* context, const UsbPrinterOptions& options) {
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(context, &list);
    std::vector<Candidate> found;
    for (ssize_t i = 0; i < count; ++i) {
        libusb_device* device = list[i];
        libusb_device_descriptor descriptor{};
        if (libusb_get_device_descriptor(device, &descriptor) != 0) continue;
        const UsbId id{descriptor.idVendor, descriptor.idProduct};
        const bool by_id =
            std::find(options.ids.begin(), options.ids.end(), id) != options.ids.end();
        libusb_config_descriptor* config = nullptr;
        if (libusb_get_active_config_descriptor(device, &config) != 0 &&
            libusb_get_config_descriptor(device, 0, &config) != 0) {
            continue;
        }
        for (int n = 0; n < config->bNumInterfaces; ++n) {
            if (config->interface[n].num_altsetting < 1) continue;
            const auto& setting = config->interface[n].altsetting[0];
            const bool printer_class = setting.bInterfaceClass == kPrinterClass;
            if (!by_id && !(options.any_printer_class && printer_class)) continue;
            auto info = printer_interface(setting);
            if (!info) continue;
            info->bus = libusb_get_bus_number(device);
            info->address = libusb_get_device_address(device);
            info->id = id;
            info->matched_by_id = by_id;
            found.push_back({libusb_ref_device(device), *info});
            break;
        }
        libusb_free_config_descriptor(config);
    }
    if (count >= 0) libusb_free_device_list(list, 1);
    // A printer named by the profile wins over an unknown class-7 device.
    std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
        return a.info.matched_by_id && !b.info.matched_by_id;
    });
    return found;
}

}  // namespace

UsbError::UsbError(UsbErrorKind kind, std::string french, std::string english, std::size_t accepted)
    : std::runtime_error(french + " / " + english),
      kind_(kind),
      french_(std::move(french)),
      english_(std::move(english)),
      accepted_(accepted) {}

UsbError usb_error(int code, UsbId id, std::size_t accepted) {
    const std::string printer = hex_id(id);
    switch (code) {
        case LIBUSB_ERROR_ACCESS:
            return UsbError(
                UsbErrorKind::permission_denied,
                "Accès refusé à l'imprimante USB " + printer + " : installez hardware/udev/" +
                    kUdevRuleFile +
                    " dans /etc/udev/rules.d/, lancez « udevadm control --reload », puis "
                    "rebranchez l'imprimante.",
                "Permission denied on USB printer " + printer + ": install hardware/udev/" +
                    kUdevRuleFile +
                    " into /etc/udev/rules.d/, run 'udevadm control --reload', then plug the "
                    "printer in again.",
                accepted);
        case LIBUSB_ERROR_BUSY:
            return UsbError(UsbErrorKind::busy,
                            "L'imprimante USB " + printer +
                                " est déjà utilisée par un autre programme (un autre "
                                "guichet-dispenser, CUPS ?).",
                            "USB printer " + printer +
                                " is in use by another program (another guichet-dispenser, CUPS?).",
                            accepted);
        case LIBUSB_ERROR_NO_DEVICE:
            return UsbError(UsbErrorKind::disconnected,
                            "L'imprimante USB " + printer + " a été débranchée.",
                            "USB printer " + printer + " was unplugged.", accepted);
        case LIBUSB_ERROR_TIMEOUT:
            return UsbError(
                UsbErrorKind::stalled,
                "L'imprimante USB " + printer + " n'accepte plus de données (papier, capot ?).",
                "USB printer " + printer + " stopped accepting data (paper, cover?).", accepted);
        default:
            return UsbError(
                UsbErrorKind::io,
                "Erreur USB avec l'imprimante " + printer + " : " + libusb_error_name(code),
                "USB error with printer " + printer + ": " + libusb_error_name(code), accepted);
    }
}

UsbContext::UsbContext() {
    const int r = libusb_init(&context_);
    if (r != 0) {
        throw UsbError(UsbErrorKind::io,
                       std::string("libusb indisponible : ") + libusb_error_name(r),
                       std::string("libusb unavailable: ") + libusb_error_name(r));
    }
}

UsbContext::~UsbContext() {
    libusb_exit(context_);
}

std::vector<UsbPrinterInfo> find_printers(UsbContext& context, const UsbPrinterOptions& options) {
    std::vector<UsbPrinterInfo> infos;
    for (auto& c : candidates(context.get(), options)) {
        infos.push_back(c.info);
        libusb_unref_device(c.device);
    }
    return infos;
}

UsbPrinter::UsbPrinter(UsbContext& context, UsbPrinterOptions options)
    : context_(context), options_(std::move(options)) {}

UsbPrinter::~UsbPrinter() {
    disconnect();
}

void UsbPrinter::connect() {
    disconnect();
    auto found = candidates(context_.get(), options_);
    if (found.empty()) {
        throw UsbError(UsbErrorKind::no_printer,
                       "Aucune imprimante de tickets USB trouvée : vérifiez le câble et "
                       "l'alimentation de l'imprimante.",
                       "No USB ticket printer found: check the printer's cable and power.");
    }
    const Candidate chosen = found.front();
    libusb_device_handle* handle = nullptr;
    int r = libusb_open(chosen.device, &handle);
    for (auto& c : found) libusb_unref_device(c.device);
    if (r != 0) throw usb_error(r, chosen.info.id);
    bool detached = false;
    // With usblp bound the interface cannot be claimed; detach it only when
    // it is really there (a blind detach fails on some setups).
    r = libusb_kernel_driver_active(handle, chosen.info.interface);
    if (r == 1) {
        r = libusb_detach_kernel_driver(handle, chosen.info.interface);
        detached = r == 0;
        if (r != 0 && r != LIBUSB_ERROR_NOT_FOUND) {
            libusb_close(handle);
            throw usb_error(r, chosen.info.id);
        }
    }
    r = libusb_claim_interface(handle, chosen.info.interface);
    if (r != 0) {
        libusb_close(handle);
        throw usb_error(r, chosen.info.id);
    }
    handle_ = handle;
    info_ = chosen.info;
    detached_ = detached;
}

void UsbPrinter::disconnect() {
    if (handle_ == nullptr) return;
    libusb_release_interface(handle_, info_.interface);
    libusb_close(handle_);
    handle_ = nullptr;
}

void UsbPrinter::write(std::string_view bytes) {
    if (!connected()) connect();
    std::vector<unsigned char> chunk;
    std::size_t offset = 0;
    int stalled = 0;
    while (offset < bytes.size()) {
        const std::size_t size = std::min(options_.chunk_bytes, bytes.size() - offset);
        chunk.assign(bytes.begin() + static_cast<std::ptrdiff_t>(offset),
                     bytes.begin() + static_cast<std::ptrdiff_t>(offset + size));
        int transferred = 0;
        const int r = libusb_bulk_transfer(handle_, info_.endpoint_out, chunk.data(),
                                           static_cast<int>(size), &transferred,
                                           static_cast<unsigned>(options_.write_timeout.count()));
        // What the printer took is on paper (or in its buffer): never resend it.
        offset += static_cast<std::size_t>(std::max(transferred, 0));
        if (r == 0 || r == LIBUSB_ERROR_TIMEOUT) {
            stalled = transferred > 0 ? 0 : stalled + 1;
            if (stalled >= options_.max_stalled_timeouts) {
                throw usb_error(LIBUSB_ERROR_TIMEOUT, info_.id, offset);
            }
            continue;
        }
        if (r == LIBUSB_ERROR_PIPE) {
            libusb_clear_halt(handle_, info_.endpoint_out);
            if (++stalled >= options_.max_stalled_timeouts) throw usb_error(r, info_.id, offset);
            continue;
        }
        const UsbId id = info_.id;
        disconnect();
        throw usb_error(r, id, offset);
    }
}

std::optional<escpos::PrinterStatus> UsbPrinter::status() {
    if (!connected()) connect();
    if (!info_.endpoint_in) return std::nullopt;
    // The three real-time requests go in one write and the printer answers each with one byte,
    // in order: one round trip instead of three (the whole status is on the path of every
    // button press).
    constexpr escpos::StatusRequest kAsked[] = {escpos::StatusRequest::printer,
                                                escpos::StatusRequest::offline_cause,
                                                escpos::StatusRequest::paper_sensor};
    std::string ask;
    for (const auto request : kAsked) ask += escpos::status_request(request);
    write(ask);
    std::string replies;
    const auto deadline = std::chrono::steady_clock::now() + options_.status_timeout;
    while (replies.size() < std::size(kAsked)) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        unsigned char buffer[64];
        int got = 0;
        const int r = libusb_bulk_transfer(handle_, *info_.endpoint_in, buffer, sizeof buffer, &got,
                                           static_cast<unsigned>(left.count()));
        replies.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(got));
        if (r == LIBUSB_ERROR_TIMEOUT) break;
        if (r != 0 && got == 0) {
            const UsbId id = info_.id;
            disconnect();
            throw usb_error(r, id);
        }
    }
    // Some clones have an IN endpoint but ignore DLE EOT: status unknown.
    if (replies.empty()) return std::nullopt;
    escpos::PrinterStatus status;
    if (replies.size() < std::size(kAsked)) {
        // Real-time requests are answered even when offline: a printer that answers some but
        // not all of them is in trouble.
        status.online = false;
        return status;
    }
    // The newest answers (a late answer to an earlier request may come first).
    const std::string newest = replies.substr(replies.size() - std::size(kAsked));
    for (std::size_t i = 0; i < std::size(kAsked); ++i)
        escpos::apply_status_byte(kAsked[i], static_cast<std::uint8_t>(newest[i]), status);
    return status;
}

}  // namespace guichet::printer

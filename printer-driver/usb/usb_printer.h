// USB transport to an ESC/POS printer, over libusb-1.0.
//
// Contract:
// - find_printers() lists attached printers that match the profile's USB ids,
//   or (when allowed) any device with a USB printer-class (7) interface. The
//   bulk OUT and IN endpoints are read from the interface descriptors.
// - UsbPrinter::connect() re-enumerates, opens the first match, detaches a
//   kernel driver (usblp) only when libusb_kernel_driver_active() says one
//   is bound, and claims the interface.
// - write() sends in chunks; after a timeout it resumes from the byte count
//   the printer accepted (libusb's `transferred`), so no byte is ever sent
//   twice. It gives up after `max_stalled_timeouts` timeouts in a row without
//   progress. When the printer is unplugged it disconnects; the next call
//   re-enumerates (so a replugged printer is used without a restart).
// - Failures throw UsbError with a French and an English sentence, the kind,
//   and how many bytes of this write() the printer accepted.
// Not thread-safe: one UsbPrinter per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "printer-driver/escpos/status.h"
#include "printer-driver/profile/profile.h"

struct libusb_context;
struct libusb_device_handle;

namespace guichet::printer {

// The udev rule sites install for non-root access (hardware/udev/).
inline constexpr const char* kUdevRuleFile = "60-guichet-printers.rules";

enum class UsbErrorKind { no_printer, permission_denied, busy, disconnected, stalled, io };

class UsbError : public std::runtime_error {
  public:
    UsbError(UsbErrorKind kind, std::string french, std::string english, std::size_t accepted = 0);
    UsbErrorKind kind() const { return kind_; }
    const std::string& french() const { return french_; }
    const std::string& english() const { return english_; }
    std::size_t accepted() const { return accepted_; }

  private:
    UsbErrorKind kind_;
    std::string french_;
    std::string english_;
    std::size_t accepted_;
};

// The UsbError for a libusb error code met while using printer `id`.
UsbError usb_error(int libusb_code, UsbId id, std::size_t accepted = 0);

struct UsbPrinterOptions {
    std::vector<UsbId> ids;         // from the profile
    bool any_printer_class = true;  // also accept unknown ids with a class-7 interface
    std::size_t chunk_bytes = 4096;
    std::chrono::milliseconds write_timeout{1000};
    int max_stalled_timeouts = 5;
    std::chrono::milliseconds status_timeout{500};
};

struct UsbPrinterInfo {
    std::uint8_t bus = 0;
    std::uint8_t address = 0;
    UsbId id;
    int interface = 0;
    std::uint8_t endpoint_out = 0;
    std::optional<std::uint8_t> endpoint_in;  // some clones cannot report status
    bool matched_by_id = false;
};

// Owns a libusb context.
class UsbContext {
  public:
    UsbContext();
    ~UsbContext();
    UsbContext(const UsbContext&) = delete;
    UsbContext& operator=(const UsbContext&) = delete;
    libusb_context* get() const { return context_; }

  private:
    libusb_context* context_ = nullptr;
};

std::vector<UsbPrinterInfo> find_printers(UsbContext& context, const UsbPrinterOptions& options);

class UsbPrinter {
  public:
    UsbPrinter(UsbContext& context, UsbPrinterOptions options);
    ~UsbPrinter();
    UsbPrinter(const UsbPrinter&) = delete;
    UsbPrinter& operator=(const UsbPrinter&) = delete;

    void connect();
    void disconnect();
    bool connected() const { return handle_ != nullptr; }
    const UsbPrinterInfo& info() const { return info_; }
    bool kernel_driver_detached() const { return detached_; }

    void write(std::string_view bytes);
    // DLE EOT 1, 2 and 4, sent in one write; nullopt when the printer has no
    // IN endpoint or answers none of them (unknown: assume it can print), not
    // online when it answers only some. Waits at most status_timeout in all.
    std::optional<escpos::PrinterStatus> status();

  private:
    UsbContext& context_;
    UsbPrinterOptions options_;
    libusb_device_handle* handle_ = nullptr;
    UsbPrinterInfo info_;
    bool detached_ = false;
};

}  // namespace guichet::printer

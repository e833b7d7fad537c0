// A fake USB ESC/POS printer for the real libusb, inside a umockdev testbed.
//
// Contract: usb_testbed() creates the process's one umockdev testbed on
// first use (call it before libusb_init, so before libusb starts a thread)
// and exits with code 77 (ctest skip) when the process does not run under
// umockdev's preload library. A FakeUsbPrinter adds a USB device to the
// testbed (its sysfs entry and descriptors) and answers the usbdevfs ioctls
// libusb sends on its device node from umockdev's worker thread: claim,
// kernel-driver query/detach, URB submit/reap/discard. Bulk OUT bytes are
// captured; DLE EOT n requests are answered on bulk IN with the status bytes
// set. All methods are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

struct _UMockdevTestbed;

namespace guichet::printer::test {

_UMockdevTestbed* usb_testbed();

struct FakePrinterSpec {
    std::uint16_t vendor = 0x0416;
    std::uint16_t product = 0x5011;
    std::uint8_t interface_class = 7;  // 0xFF for Epson's vendor-defined mode
    std::uint8_t endpoint_out = 0x03;  // deliberately not the usual 0x01/0x81
    std::uint8_t endpoint_in = 0x84;
    std::string kernel_driver;         // "usblp" when the kernel driver is bound
    int address = 2;                   // device number on bus 1
    bool answers_status = true;        // false: a clone that ignores DLE EOT
    bool answers_paper_sensor = true;  // false: DLE EOT 4 goes unanswered (a printer in trouble)
};

class FakeUsbPrinter {
  public:
    explicit FakeUsbPrinter(FakePrinterSpec spec);
    ~FakeUsbPrinter();
    FakeUsbPrinter(const FakeUsbPrinter&) = delete;
    FakeUsbPrinter& operator=(const FakeUsbPrinter&) = delete;

    // Everything the printer accepted on bulk OUT, in order.
    std::string received() const;
    // Replies to DLE EOT 1, 2 and 4 (defaults: online, closed, paper ok).
    void set_status(std::uint8_t printer, std::uint8_t offline_cause, std::uint8_t paper);
    // Accepts `bytes` more bytes, then holds the URB in flight (the printer
    // stops reading) until libusb gives up on it; then reads normally again.
    void stall_after(std::size_t bytes);
    // After `bytes` more bytes the device vanishes, as if unplugged.
    void unplug_after(std::size_t bytes);
    // Removes the device from the testbed now (uevent "remove").
    void unplug();
    // Another program holds the interface: claims fail with EBUSY.
    void set_busy(bool busy);

    int detach_requests() const;  // USBDEVFS_DISCONNECT seen
    int claims() const;
    int discarded_urbs() const;

    struct State;

  private:
    void remove_from_testbed();

    FakePrinterSpec spec_;
    std::string syspath_;
    std::string devnode_;
    std::shared_ptr<State> state_;
    void* handler_ = nullptr;
    bool in_testbed_ = false;
};

}  // namespace guichet::printer::test

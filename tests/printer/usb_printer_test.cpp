// The libusb transport against a fake printer that umockdev puts on the bus:
// the real libusb Linux backend enumerates, claims and writes to it.
#include <catch2/catch.hpp>

#include <libusb.h>

#include <chrono>
#include <thread>

#include "printer-driver/escpos/decoder.h"
#include "printer-driver/usb/usb_printer.h"
#include "tests/printer/fake_usb_printer.h"
#include "tests/printer/printer_test_support.h"

using namespace guichet::printer;
using guichet::printer::test::FakePrinterSpec;
using guichet::printer::test::FakeUsbPrinter;

namespace {

const FakePrinterSpec kClone{};  // 0416:5011, printer class, endpoints 0x03/0x84
const FakePrinterSpec kEpsonVendorMode{0x04b8, 0x0202, 0xFF, 0x02, 0x81, "", 2};

std::string ticket_bytes() {
    return render_ticket(test::sample_ticket(), test::profile("epson-tm-t20iii"));
}

// The clone, with some of its status answers switched off.
FakePrinterSpec clone_deaf_to(bool FakePrinterSpec::*answers) {
    FakePrinterSpec spec = kClone;
    spec.*answers = false;
    return spec;
}

UsbPrinterOptions options_for(const std::string& profile_id) {
    UsbPrinterOptions options;
    options.ids = test::profile(profile_id).usb_ids;
    options.write_timeout = std::chrono::milliseconds(200);
    return options;
}

// libusb learns about plugged/unplugged devices from udev events, which
// arrive asynchronously: wait (bounded) until it lists the expected printer.
bool wait_listed(UsbContext& usb, const UsbPrinterOptions& options, std::uint8_t address) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        for (const auto& p : find_printers(usb, options)) {
            if (p.address == address) return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_CASE("A clone with unknown USB ids is found by its printer-class interface") {
    test::usb_testbed();
    FakeUsbPrinter fake({0x1234, 0x5678, 7, 0x03, 0x84, "", 2});
    UsbContext usb;
    UsbPrinterOptions options = options_for("generic-58mm");
    const auto found = find_printers(usb, options);
    REQUIRE(found.size() == 1);
    CHECK(found[0].id == UsbId{0x1234, 0x5678});
    CHECK_FALSE(found[0].matched_by_id);
    CHECK(found[0].endpoint_out == 0x03);  // from the descriptors, not assumed
    CHECK(found[0].endpoint_in == 0x84);

    options.any_printer_class = false;
    CHECK(find_printers(usb, options).empty());
}

TEST_CASE("An Epson in vendor-defined USB mode is found by the profile's ids only") {
    test::usb_testbed();
    FakeUsbPrinter fake(kEpsonVendorMode);
    UsbContext usb;
    const auto found = find_printers(usb, options_for("epson-tm-t20iii"));
    REQUIRE(found.size() == 1);
    CHECK(found[0].matched_by_id);
    CHECK(found[0].endpoint_out == 0x02);
    CHECK(found[0].endpoint_in == 0x81);
    CHECK(find_printers(usb, options_for("generic-58mm")).empty());
}

TEST_CASE("A bound usblp kernel driver is detached, then the interface is claimed") {
    test::usb_testbed();
    FakePrinterSpec spec = kClone;
    spec.kernel_driver = "usblp";
    FakeUsbPrinter fake(spec);
    UsbContext usb;
    UsbPrinter printer(usb, options_for("generic-58mm"));
    printer.connect();
    CHECK(printer.connected());
    CHECK(printer.kernel_driver_detached());
    CHECK(fake.detach_requests() == 1);
    CHECK(fake.claims() == 1);
}

TEST_CASE("Without a kernel driver bound, no detach is attempted") {
    test::usb_testbed();
    FakeUsbPrinter fake(kClone);
    UsbContext usb;
    UsbPrinter printer(usb, options_for("generic-58mm"));
    printer.connect();
    CHECK_FALSE(printer.kernel_driver_detached());
    CHECK(fake.detach_requests() == 0);
    CHECK(fake.claims() == 1);
}

TEST_CASE("A whole ticket reaches the printer byte for byte, in small chunks too") {
    test::usb_testbed();
    FakeUsbPrinter fake(kEpsonVendorMode);
    UsbContext usb;
    const std::string ticket = ticket_bytes();
    UsbPrinterOptions options = options_for("epson-tm-t20iii");
    options.chunk_bytes = GENERATE(std::size_t{4096}, std::size_t{64}, std::size_t{7});
    UsbPrinter printer(usb, options);
    printer.write(ticket);
    CHECK(fake.received() == ticket);
    const auto decoded = guichet::escpos::decode(fake.received());
    CHECK(decoded.text().find("3 personnes avant vous") != std::string::npos);
}

TEST_CASE("A write stalled by the printer resumes where it stopped, sending nothing twice") {
    test::usb_testbed();
    FakeUsbPrinter fake(kClone);
    UsbContext usb;
    const std::string ticket = ticket_bytes();
    REQUIRE(ticket.size() > 300);
    fake.stall_after(300);  // the printer stops reading mid-URB
    UsbPrinter printer(usb, options_for("generic-58mm"));
    printer.write(ticket);
    CHECK(fake.discarded_urbs() == 1);  // libusb timed out once...
    CHECK(fake.received() == ticket);   // ...and the rest followed exactly once
}

TEST_CASE("A printer that never reads again makes the write fail with a clear sentence") {
    test::usb_testbed();
    FakeUsbPrinter fake(kClone);
    UsbContext usb;
    fake.stall_after(0);
    UsbPrinterOptions options = options_for("generic-58mm");
    options.max_stalled_timeouts = 1;
    UsbPrinter printer(usb, options);
    try {
        printer.write(ticket_bytes());
        FAIL("no error");
    } catch (const UsbError& e) {
        CHECK(e.kind() == UsbErrorKind::stalled);
        CHECK(e.accepted() == 0);
        CHECK(e.french().find("n'accepte plus de données") != std::string::npos);
    }
}

TEST_CASE("DLE EOT replies are read back as paper out, near end, cover open and offline") {
    test::usb_testbed();
    FakeUsbPrinter fake(kClone);
    UsbContext usb;
    UsbPrinter printer(usb, options_for("generic-58mm"));

    auto status = printer.status();
    REQUIRE(status.has_value());
    CHECK(status->ready());
    CHECK(status->paper() == "ok");
    CHECK(fake.received() == std::string("\x10\x04\x01\x10\x04\x02\x10\x04\x04", 9));

    fake.set_status(0x12, 0x12, 0x1E);
    CHECK(printer.status()->paper() == "near_end");
    fake.set_status(0x1A, 0x32, 0x72);
    status = printer.status();
    CHECK(status->paper() == "out");
    CHECK_FALSE(status->online);
    CHECK_FALSE(status->ready());
    fake.set_status(0x1A, 0x16, 0x12);
    status = printer.status();
    CHECK(status->cover_open);
    CHECK(status->paper() == "ok");
}

TEST_CASE("A clone that ignores DLE EOT has an unknown status, not a broken one") {
    test::usb_testbed();
    FakeUsbPrinter fake(clone_deaf_to(&FakePrinterSpec::answers_status));
    UsbContext usb;
    UsbPrinterOptions options = options_for("generic-58mm");
    options.status_timeout = std::chrono::milliseconds(50);  // no answer ever comes
    UsbPrinter printer(usb, options);
    CHECK_FALSE(printer.status().has_value());
    printer.write("ok\n");  // and it still prints
    CHECK(fake.received().substr(9) == "ok\n");
}

TEST_CASE("A printer that answers only some of its status requests is not ready") {
    test::usb_testbed();
    FakeUsbPrinter fake(clone_deaf_to(&FakePrinterSpec::answers_paper_sensor));
    UsbContext usb;
    const auto status = UsbPrinter(usb, options_for("generic-58mm")).status();
    REQUIRE(status.has_value());
    CHECK_FALSE(status->online);
    CHECK_FALSE(status->ready());
}

TEST_CASE("A printer unplugged mid-ticket fails that ticket and prints again once replugged") {
    test::usb_testbed();
    const std::string ticket = ticket_bytes();
    UsbPrinterOptions options = options_for("generic-58mm");
    options.chunk_bytes = 64;
    auto first = std::make_unique<FakeUsbPrinter>(kClone);
    UsbContext usb;
    UsbPrinter printer(usb, options);
    first->unplug_after(200);
    try {
        printer.write(ticket);
        FAIL("no error");
    } catch (const UsbError& e) {
        CHECK(e.kind() == UsbErrorKind::disconnected);
        CHECK(e.accepted() <= 200);
    }
    CHECK_FALSE(printer.connected());
    CHECK(first->received() == ticket.substr(0, 200));
    first->unplug();

    FakePrinterSpec replugged = kClone;
    replugged.address = 3;  // the kernel gives a new device number
    FakeUsbPrinter second(replugged);
    REQUIRE(wait_listed(usb, options, 3));
    printer.write(ticket);  // re-enumerates: no restart needed
    CHECK(printer.info().address == 3);
    CHECK(second.received() == ticket);
}

TEST_CASE("No printer plugged in gives a clear French and English error") {
    test::usb_testbed();
    UsbContext usb;
    UsbPrinter printer(usb, options_for("generic-80mm"));
    try {
        printer.connect();
        FAIL("no error");
    } catch (const UsbError& e) {
        CHECK(e.kind() == UsbErrorKind::no_printer);
        CHECK(e.french().find("Aucune imprimante") != std::string::npos);
        CHECK(e.english().find("No USB ticket printer") != std::string::npos);
    }
}

TEST_CASE("A printer held by another program is reported busy") {
    test::usb_testbed();
    FakeUsbPrinter fake(kClone);
    fake.set_busy(true);
    UsbContext usb;
    UsbPrinter printer(usb, options_for("generic-58mm"));
    try {
        printer.connect();
        FAIL("no error");
    } catch (const UsbError& e) {
        CHECK(e.kind() == UsbErrorKind::busy);
        CHECK(e.french().find("autre programme") != std::string::npos);
    }
    CHECK_FALSE(printer.connected());
}

TEST_CASE("Permission denied names the udev rule file to install") {
    const UsbError e = usb_error(LIBUSB_ERROR_ACCESS, {0x04b8, 0x0e28});
    CHECK(e.kind() == UsbErrorKind::permission_denied);
    CHECK(e.french().find("hardware/udev/60-guichet-printers.rules") != std::string::npos);
    CHECK(e.english().find("04b8:0e28") != std::string::npos);
    CHECK(e.english().find("udevadm control --reload") != std::string::npos);
}

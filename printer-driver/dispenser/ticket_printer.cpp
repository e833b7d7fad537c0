#include "printer-driver/dispenser/ticket_printer.h"

#include <fstream>

#include "printer-driver/escpos/decoder.h"
#include "printer-driver/usb/usb_printer.h"
#include "printer-driver/virtual/virtual_printer.h"

namespace guichet::printer {
namespace {

class UsbTicketPrinter : public TicketPrinter {
  public:
    explicit UsbTicketPrinter(const Profile& profile)
        : printer_(context_, UsbPrinterOptions{profile.usb_ids}) {}

    void print(const std::string& bytes) override {
        try {
            printer_.write(bytes);
        } catch (const UsbError& e) {
            throw PrintError(e.french(), e.english());
        }
    }

    std::optional<escpos::PrinterStatus> status() override {
        try {
            return printer_.status();
        } catch (const UsbError&) {
            // Unplugged or unreachable: it cannot print, and says so.
            escpos::PrinterStatus s;
            s.online = false;
            return s;
        }
    }

  private:
    UsbContext context_;
    UsbPrinter printer_;
};

class FileTicketPrinter : public TicketPrinter {
  public:
    explicit FileTicketPrinter(std::filesystem::path path) : path_(std::move(path)) {}

    void print(const std::string& bytes) override {
        std::ofstream out(path_, std::ios::binary | std::ios::app);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            throw PrintError("Impossible d'écrire le ticket dans " + path_.string(),
                             "Cannot write the ticket to " + path_.string());
        }
    }

    std::optional<escpos::PrinterStatus> status() override { return std::nullopt; }

  private:
    std::filesystem::path path_;
};

class VirtualTicketPrinter : public TicketPrinter {
  public:
    VirtualTicketPrinter(std::filesystem::path dir, const Profile& profile)
        : dir_(std::move(dir)), profile_(profile) {
        std::filesystem::create_directories(dir_);
    }

    void print(const std::string& bytes) override {
        const auto file = dir_ / ("ticket-" + std::to_string(++count_) + ".png");
        try {
            save_png(escpos::decode(bytes, profile_.decoder_options()),
                     VirtualPrinterOptions{profile_.width_dots}, file);
        } catch (const std::exception& e) {
            throw PrintError(std::string("Imprimante virtuelle : ") + e.what(),
                             std::string("Virtual printer: ") + e.what());
        }
    }

    std::optional<escpos::PrinterStatus> status() override { return std::nullopt; }

  private:
    std::filesystem::path dir_;
    Profile profile_;
    int count_ = 0;
};

}  // namespace

std::unique_ptr<TicketPrinter> make_ticket_printer(const std::string& spec,
                                                   const Profile& profile) {
    if (spec == "usb") return std::make_unique<UsbTicketPrinter>(profile);
    if (spec.rfind("file:", 0) == 0 && spec.size() > 5) {
        return std::make_unique<FileTicketPrinter>(spec.substr(5));
    }
    if (spec.rfind("virtual:", 0) == 0 && spec.size() > 8) {
        return std::make_unique<VirtualTicketPrinter>(spec.substr(8), profile);
    }
    throw std::invalid_argument("--printer is usb, file:PATH or virtual:DIR, not '" + spec + "'");
}

}  // namespace guichet::printer

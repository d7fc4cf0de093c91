// Where the satellite branch spends its time when it only describes (the heat map's tiles,
// docs/heatmap.md): per layer, the rate the network's own layer reaches (LeakyReLU, "same"
// padding, convolution, BatchNorm with stored statistics) against bare convolutions of the same
// shape — the micro-benchmark that bounds it — in LibTorch's default layout (NCHW), with
// BatchNorm folded into the convolution, and in the channels-last layout oneDNN prefers (the
// layout the network describes in since it was measured here), folded or not.
//
//   bench_satellitelayers [--size 512] [--batch 8] [--threads 2] [--repeats 5] [--channels 5]
//
// Random weights and inputs (the rates do not depend on the values). Prints per layer the
// median time of each variant and its GFLOP/s (2·Cout·Cin·16·Hout·Wout·N multiply-adds counted
// as two operations), then the whole branch.

#include "benchsupport.h"
#include "common/runtimeinfo.h"

#include <ATen/ATen.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using orinet::bench::median;

namespace {

constexpr int kLayers = 7;
constexpr int64_t kChannels[kLayers] = {64, 128, 256, 512, 512, 512, 512};

double seconds(const std::function<void()>& work, int repeats) {
    work(); // warm-up: oneDNN builds its kernels on first use of a shape
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        times.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return median(times);
}

//! TensorFlow "same" padding for a 4x4 stride-2 convolution (docs/model.md, "Network").
std::pair<int64_t, int64_t> samePadding(int64_t in) {
    const int64_t total = std::max<int64_t>((((in + 1) / 2) - 1) * 2 + 4 - in, 0);
    return {total / 2, total - total / 2};
}

} // namespace

int main(int argc, char** argv) {
    int64_t size = 512, batch = 8, inputChannels = 5;
    int threads = 2, repeats = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        const long value = std::strtol(argv[i + 1], nullptr, 10);
        if (option == "--size")
            size = value;
        else if (option == "--batch")
            batch = value;
        else if (option == "--threads")
            threads = static_cast<int>(value);
        else if (option == "--repeats")
            repeats = static_cast<int>(value);
        else if (option == "--channels")
            inputChannels = value;
        else {
            std::fprintf(stderr, "bench_satellitelayers: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    orinet::runtime::configureThreads(threads);
    torch::NoGradGuard noGrad;
    torch::manual_seed(1);
    std::printf("bench_satellitelayers: satellite branch at %lld x %lld, batch %lld, %d threads, "
                "median of %d\n",
                static_cast<long long>(size), static_cast<long long>(size),
                static_cast<long long>(batch), threads, repeats);

    torch::Tensor x = torch::randn({batch, inputChannels, size, size});
    double total[5] = {};
    double totalFlop = 0;
    std::printf("layer  in -> out      shape     GFLOP | layer      | conv NCHW  | conv+fold  | "
                "fold NHWC  | layer NHWC (ms, GFLOP/s)\n");
    for (int layer = 0; layer < kLayers; ++layer) {
        const int64_t cin = x.size(1), cout = kChannels[layer];
        const torch::Tensor weight = torch::randn({cout, cin, 4, 4}) * 0.02;
        const torch::Tensor bias = torch::zeros({cout});
        const torch::Tensor gamma = torch::ones({cout}) + 0.02 * torch::randn({cout});
        const torch::Tensor beta = 0.01 * torch::randn({cout});
        const torch::Tensor mean = 0.1 * torch::randn({cout});
        const torch::Tensor var = torch::rand({cout}) + 0.5;
        const auto [ph0, ph1] = samePadding(x.size(2));
        const auto [pw0, pw1] = samePadding(x.size(3));
        const bool symmetric = ph0 == ph1 && pw0 == pw1;
        auto pad = [&](const torch::Tensor& t) {
            return symmetric ? t : at::constant_pad_nd(t, {pw0, pw1, ph0, ph1}, 0);
        };
        const std::vector<int64_t> padding =
            symmetric ? std::vector<int64_t>{ph0, pw0} : std::vector<int64_t>{0, 0};
        torch::Tensor out;
        // The layer as the network runs it with stored statistics.
        auto networkLayer = [&] {
            torch::Tensor in = layer == 0 ? x : torch::leaky_relu(x, 0.2);
            torch::Tensor y = at::conv2d(pad(in), weight, bias, 2, padding);
            if (layer > 0)
                y = at::batch_norm(y, gamma, beta, mean, var, false, 0.9, 1e-5, true);
            out = y;
        };
        const torch::Tensor padded = pad(layer == 0 ? x : torch::leaky_relu(x, 0.2));
        auto bareConv = [&] { at::conv2d(padded, weight, bias, 2, padding); };
        // BatchNorm folded: w' = w·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β.
        // Layer 1 has no BatchNorm: nothing to fold.
        const torch::Tensor scale =
            layer > 0 ? gamma / torch::sqrt(var + 1e-5) : torch::ones({cout});
        const torch::Tensor foldedWeight = weight * scale.view({-1, 1, 1, 1});
        const torch::Tensor foldedBias = layer > 0 ? (bias - mean) * scale + beta : bias;
        auto foldedConv = [&] { at::conv2d(padded, foldedWeight, foldedBias, 2, padding); };
        const torch::Tensor paddedLast = padded.contiguous(at::MemoryFormat::ChannelsLast);
        const torch::Tensor weightLast = foldedWeight.contiguous(at::MemoryFormat::ChannelsLast);
        auto lastConv = [&] { at::conv2d(paddedLast, weightLast, foldedBias, 2, padding); };
        // The layer as the network now describes: channels-last activations, BatchNorm kept.
        const torch::Tensor inputLast = x.contiguous(at::MemoryFormat::ChannelsLast);
        auto networkLayerLast = [&] {
            torch::Tensor in = layer == 0 ? inputLast : torch::leaky_relu(inputLast, 0.2);
            torch::Tensor y = at::conv2d(pad(in), weight, bias, 2, padding);
            if (layer > 0)
                y = at::batch_norm(y, gamma, beta, mean, var, false, 0.9, 1e-5, true);
            return y;
        };

        const double t[5] = {seconds(networkLayer, repeats), seconds(bareConv, repeats),
                             seconds(foldedConv, repeats), seconds(lastConv, repeats),
                             seconds([&] { networkLayerLast(); }, repeats)};
        // Folding changes the result only by rounding (a check that the bench folds right).
        const torch::Tensor folded = at::conv2d(padded, foldedWeight, foldedBias, 2, padding);
        const torch::Tensor reference =
            layer > 0 ? at::batch_norm(at::conv2d(padded, weight, bias, 2, padding), gamma, beta,
                                       mean, var, false, 0.9, 1e-5, true)
                      : at::conv2d(padded, weight, bias, 2, padding);
        const double difference = (folded - reference).abs().max().item<double>() /
                                  std::max(1e-30, reference.abs().max().item<double>());
        const double flop = 2.0 * cout * cin * 16 * out.size(2) * out.size(3) * batch;
        totalFlop += flop;
        std::printf("%5d %4lld -> %-4lld %4lldx%-4lld %7.2f |", layer + 1,
                    static_cast<long long>(cin), static_cast<long long>(cout),
                    static_cast<long long>(out.size(2)), static_cast<long long>(out.size(3)),
                    flop / 1e9);
        for (int v = 0; v < 5; ++v) {
            total[v] += t[v];
            std::printf(" %6.1f %4.0f |", t[v] * 1e3, flop / t[v] / 1e9);
        }
        std::printf(" folded rel. diff %.1e\n", difference);
        x = out;
    }
    std::printf("branch                      %7.2f |", totalFlop / 1e9);
    for (int v = 0; v < 5; ++v)
        std::printf(" %6.1f %4.0f |", total[v] * 1e3, totalFlop / total[v] / 1e9);
    std::printf(
        "\n(tiles/s: %.1f as the network ran in NCHW, %.1f as it runs now in channels-last, "
        "%.1f with BatchNorm also folded; the hypercolumn and GeM are not included)\n",
        batch / total[0], batch / total[4], batch / total[3]);
    return 0;
}

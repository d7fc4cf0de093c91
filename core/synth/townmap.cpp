#include "synth/townmap.h"

#include "common/error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <random>

namespace orinet {

namespace {

// Limited palettes on purpose: many blocks must look alike from above (issue: "hard enough to
// need geometry"). Colours are BGR.
const cv::Vec3b kPitchedRoofs[] = {{45, 55, 135}, {60, 100, 185}, {105, 100, 98},
                                   {72, 72, 78},  {50, 72, 108},  {118, 108, 92}};
const cv::Vec3b kFlatRoofs[] = {{168, 170, 166}, {200, 202, 198}, {140, 148, 150}};
const cv::Vec3b kWalls[] = {
    {185, 210, 228}, {75, 92, 150}, {218, 218, 216}, {158, 160, 160}, {160, 184, 200}};
const cv::Vec3b kGreens[] = {{42, 92, 52}, {34, 78, 42}, {55, 105, 72}};
const cv::Vec3b kGrass(62, 132, 92);
const cv::Vec3b kAsphalt(86, 86, 88);
const cv::Vec3b kPavement(172, 174, 170);
const cv::Vec3b kMarking(228, 230, 230);
const cv::Vec3b kPath(140, 172, 192);
const cv::Vec3b kWater(118, 92, 42);
const cv::Vec3b kSoil(80, 110, 130);

cv::Vec3b scaled(const cv::Vec3b& c, double f) {
    return {cv::saturate_cast<uchar>(c[0] * f), cv::saturate_cast<uchar>(c[1] * f),
            cv::saturate_cast<uchar>(c[2] * f)};
}

//! A rectangle in local metres: x east from the map's west edge, y south from its north edge.
struct Box {
    double x0, y0, x1, y1;
    double width() const { return x1 - x0; }
    double depth() const { return y1 - y0; }
};

struct Lot {
    Box rel; // relative to the block, [0,1]^2
    double eaves = 4;
    double ridge = 2;
    int roof = 0;
    int wall = 0;
    bool gabled = true;
    bool ridgeAlongX = true;
};

struct TreeSpec {
    double rx, ry; // relative position in the block
    double radius;
    double height;
    int green;
};

struct BlockTemplate {
    std::vector<Lot> lots;
    std::vector<TreeSpec> trees;
    bool paved = false;
};

} // namespace

//! Paints the town into a TownMap; owns the random stream so every draw happens in one fixed
//! order (determinism).
class TownBuilder {
public:
    TownBuilder(TownMap& map, uint64_t seed)
        : mMap(map)
        , mRng(seed) {}

    double uniform(double a, double b) {
        return std::uniform_real_distribution<double>(a, b)(mRng);
    }
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(mRng); }
    bool chance(double p) { return uniform(0.0, 1.0) < p; }

    double gsd() const { return mMap.mTransform.pixelSize; }
    double widthMetres() const { return mMap.mColour.cols * gsd(); }
    double depthMetres() const { return mMap.mColour.rows * gsd(); }

    cv::Rect pixels(const Box& b) const {
        const int x0 = std::max(0, static_cast<int>(std::floor(b.x0 / gsd())));
        const int y0 = std::max(0, static_cast<int>(std::floor(b.y0 / gsd())));
        const int x1 = std::min(mMap.mColour.cols, static_cast<int>(std::ceil(b.x1 / gsd())));
        const int y1 = std::min(mMap.mColour.rows, static_cast<int>(std::ceil(b.y1 / gsd())));
        return {x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
    }

    void fill(const Box& b, const cv::Vec3b& colour, SceneClass label, double height = 0.0,
              const cv::Vec3b& side = {}) {
        const cv::Rect r = pixels(b);
        if (r.empty())
            return;
        mMap.mColour(r).setTo(colour);
        mMap.mLabels(r).setTo(static_cast<uchar>(label));
        mMap.mHeight(r).setTo(height);
        mMap.mSide(r).setTo(side);
    }

    void house(const Box& b, const Lot& lot) {
        const cv::Rect r = pixels(b);
        const cv::Vec3b roof = kPitchedRoofs[lot.roof % 6];
        const cv::Vec3b wall = kWalls[lot.wall % 5];
        const double half = (lot.ridgeAlongX ? b.depth() : b.width()) / 2;
        for (int y = r.y; y < r.y + r.height; ++y)
            for (int x = r.x; x < r.x + r.width; ++x) {
                const double mx = (x + 0.5) * gsd();
                const double my = (y + 0.5) * gsd();
                // signed distance across the ridge: the two roof faces get different light
                const double across =
                    lot.ridgeAlongX ? my - (b.y0 + b.y1) / 2 : mx - (b.x0 + b.x1) / 2;
                const double t = std::min(1.0, std::abs(across) / std::max(half, 0.1));
                double shade = across < 0 ? 1.08 : 0.86;
                if (t < 0.06)
                    shade = 0.7; // ridge line
                mMap.mColour.at<cv::Vec3b>(y, x) = scaled(roof, shade);
                mMap.mHeight.at<float>(y, x) = static_cast<float>(lot.eaves + lot.ridge * (1 - t));
                mMap.mLabels.at<uchar>(y, x) = static_cast<uchar>(SceneClass::Building);
                mMap.mSide.at<cv::Vec3b>(y, x) = wall;
            }
    }

    void flatBuilding(const Box& b, double height, const cv::Vec3b& roof, const cv::Vec3b& wall,
                      bool details) {
        fill(b, roof, SceneClass::Building, height, wall);
        const double rim = std::min(1.0, std::min(b.width(), b.depth()) / 6);
        // parapet: a darker rim makes the outline readable from above
        const cv::Vec3b rimColour = scaled(roof, 0.78);
        fill({b.x0, b.y0, b.x1, b.y0 + rim}, rimColour, SceneClass::Building, height, wall);
        fill({b.x0, b.y1 - rim, b.x1, b.y1}, rimColour, SceneClass::Building, height, wall);
        fill({b.x0, b.y0, b.x0 + rim, b.y1}, rimColour, SceneClass::Building, height, wall);
        fill({b.x1 - rim, b.y0, b.x1, b.y1}, rimColour, SceneClass::Building, height, wall);
        if (!details)
            return;
        const int units = 1 + pick(3);
        for (int i = 0; i < units; ++i) {
            const double w = uniform(2.0, 4.0);
            const double x = uniform(b.x0 + 2, std::max(b.x0 + 2.1, b.x1 - 2 - w));
            const double y = uniform(b.y0 + 2, std::max(b.y0 + 2.1, b.y1 - 2 - w));
            fill({x, y, x + w, y + w * 0.7}, scaled(roof, 1.15), SceneClass::Building, height + 1.5,
                 wall);
        }
    }

    void tree(double cx, double cy, double radius, double height, int green) {
        const Box b{cx - radius, cy - radius, cx + radius, cy + radius};
        const cv::Rect r = pixels(b);
        const cv::Vec3b base = kGreens[green % 3];
        // crowns lit from the sun side look round from above
        const double sx = std::sin(mMap.mSunAzimuth);
        const double sy = -std::cos(mMap.mSunAzimuth);
        const double trunk = std::min(2.0, height * 0.3);
        for (int y = r.y; y < r.y + r.height; ++y)
            for (int x = r.x; x < r.x + r.width; ++x) {
                const double dx = ((x + 0.5) * gsd() - cx) / radius;
                const double dy = ((y + 0.5) * gsd() - cy) / radius;
                const double rr = dx * dx + dy * dy;
                if (rr > 1.0)
                    continue;
                const float h = static_cast<float>(trunk + (height - trunk) * std::sqrt(1.0 - rr));
                float& cell = mMap.mHeight.at<float>(y, x);
                if (h <= cell)
                    continue;
                cell = h;
                mMap.mColour.at<cv::Vec3b>(y, x) = scaled(base, 1.0 + 0.25 * (dx * sx + dy * sy));
                mMap.mLabels.at<uchar>(y, x) = static_cast<uchar>(SceneClass::Tree);
                mMap.mSide.at<cv::Vec3b>(y, x) = scaled(base, 0.8);
            }
    }

    void pond(const Box& b) {
        const cv::Rect r = pixels(b);
        const cv::Point centre(r.x + r.width / 2, r.y + r.height / 2);
        const cv::Size axes(std::max(1, r.width / 2), std::max(1, r.height / 2));
        cv::ellipse(mMap.mColour, centre, axes, 0, 0, 360, cv::Scalar(kWater), cv::FILLED);
        cv::ellipse(mMap.mLabels, centre, axes, 0, 0, 360,
                    cv::Scalar(static_cast<int>(SceneClass::Water)), cv::FILLED);
        cv::ellipse(mMap.mHeight, centre, axes, 0, 0, 360, cv::Scalar(0), cv::FILLED);
    }

    BlockTemplate residentialTemplate() {
        BlockTemplate t;
        const int nx = 2 + pick(2);
        const int ny = 2;
        const int roof = pick(6);
        const int wall = pick(5);
        const bool along = chance(0.5);
        for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
                Lot lot;
                const double front = uniform(0.12, 0.25);
                const double back = uniform(0.25, 0.4);
                const double side = uniform(0.1, 0.2);
                const double x0 = (i + side) / nx;
                const double x1 = (i + 1 - side) / nx;
                // houses face their street: the front garden is on the outer edge
                const double y0 = j == 0 ? front / ny : (1 + back) / ny;
                const double y1 = j == 0 ? (1 - back) / ny : (2 - front) / ny;
                lot.rel = {x0, y0, x1, y1};
                lot.eaves = uniform(3.0, 7.0);
                lot.ridge = uniform(1.5, 3.0);
                lot.roof = chance(0.75) ? roof : pick(6);
                lot.wall = chance(0.75) ? wall : pick(5);
                lot.ridgeAlongX = chance(0.8) ? along : !along;
                t.lots.push_back(lot);
                if (chance(0.6))
                    t.trees.push_back({(i + uniform(0.2, 0.8)) / nx,
                                       j == 0 ? uniform(0.40, 0.47) : uniform(0.53, 0.6),
                                       uniform(2.0, 3.5), uniform(5.0, 9.0), pick(3)});
            }
        return t;
    }

    BlockTemplate commercialTemplate() {
        BlockTemplate t;
        t.paved = true;
        const int parts = 1 + pick(2);
        for (int i = 0; i < parts; ++i) {
            Lot lot;
            lot.gabled = false;
            lot.rel = {(i + 0.08) / parts, 0.1, (i + 0.92) / parts, uniform(0.6, 0.9)};
            lot.eaves = uniform(12.0, 35.0);
            lot.roof = pick(3);
            lot.wall = pick(5);
            t.lots.push_back(lot);
        }
        return t;
    }

    void applyTemplate(const Box& block, const BlockTemplate& t, bool flip) {
        auto place = [&](double rx, double ry) {
            if (flip) {
                rx = 1 - rx;
                ry = 1 - ry;
            }
            return cv::Point2d(block.x0 + rx * block.width(), block.y0 + ry * block.depth());
        };
        if (t.paved)
            fill(block, kPavement, SceneClass::Ground);
        for (const Lot& lot : t.lots) {
            const cv::Point2d a = place(lot.rel.x0, lot.rel.y0);
            const cv::Point2d b = place(lot.rel.x1, lot.rel.y1);
            const Box box{std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x),
                          std::max(a.y, b.y)};
            if (lot.gabled)
                house(box, lot);
            else
                flatBuilding(box, lot.eaves, kFlatRoofs[lot.roof % 3], kWalls[lot.wall % 5], true);
        }
        for (const TreeSpec& tree : t.trees) {
            const cv::Point2d p = place(tree.rx, tree.ry);
            this->tree(p.x, p.y, tree.radius, tree.height, tree.green);
        }
    }

    void park(const Box& b) {
        // paths crossing the park
        const double cx = (b.x0 + b.x1) / 2;
        const double cy = (b.y0 + b.y1) / 2;
        if (chance(0.7)) {
            fill({cx - 1.2, b.y0, cx + 1.2, b.y1}, kPath, SceneClass::Ground);
            fill({b.x0, cy - 1.2, b.x1, cy + 1.2}, kPath, SceneClass::Ground);
        }
        if (chance(0.4)) {
            const double w = b.width() * uniform(0.2, 0.35);
            const double d = b.depth() * uniform(0.2, 0.35);
            const double px = chance(0.5) ? b.x0 + w + 3 : b.x1 - w - 3;
            const double py = chance(0.5) ? b.y0 + d + 3 : b.y1 - d - 3;
            pond({px - w, py - d, px + w, py + d});
        }
        const int trees = 6 + pick(10);
        for (int i = 0; i < trees; ++i) {
            const double x = uniform(b.x0 + 3, b.x1 - 3);
            const double y = uniform(b.y0 + 3, b.y1 - 3);
            const cv::Point p = pixels({x, y, x + 0.1, y + 0.1}).tl();
            if (mMap.mLabels.at<uchar>(p) == static_cast<uchar>(SceneClass::Water))
                continue;
            tree(x, y, uniform(2.5, 4.5), uniform(6.0, 12.0), pick(3));
        }
    }

    void carPark(const Box& b) {
        fill(b, scaled(kAsphalt, 1.1), SceneClass::Road);
        for (double x = b.x0 + 2; x < b.x1 - 2; x += 2.6) {
            fill({x, b.y0 + 2, x + 0.15, b.y0 + 7}, kMarking, SceneClass::Road);
            fill({x, b.y1 - 7, x + 0.15, b.y1 - 2}, kMarking, SceneClass::Road);
        }
    }

    void build(std::vector<Street>& streets);

private:
    TownMap& mMap;
    std::mt19937_64 mRng;
};

void TownBuilder::build(std::vector<Street>& streets) {
    const double w = widthMetres();
    const double d = depthMetres();
    mMap.mSunAzimuth = uniform(-1.0, 1.0);    // the sun is roughly north in Canberra
    mMap.mSunElevation = uniform(0.65, 1.05); // 37..60 degrees

    constexpr double kRoad = 10.0;
    constexpr double kPave = 2.5;
    const double kBlockSizes[] = {52.0, 60.0, 72.0};
    auto lines = [&](double extent) {
        std::vector<double> out;
        for (double p = uniform(15.0, 30.0); p < extent - 15.0;
             p += kBlockSizes[pick(3)] + kRoad + 2 * kPave)
            out.push_back(p);
        return out;
    };
    const std::vector<double> xs = lines(w);
    const std::vector<double> ys = lines(d);
    const double halfRoad = kRoad / 2;

    // fields outside the grid get scattered trees
    const int fieldTrees = static_cast<int>(w * d / 2500.0);
    for (int i = 0; i < fieldTrees; ++i)
        tree(uniform(0, w), uniform(0, d), uniform(2.5, 4.5), uniform(6.0, 12.0), pick(3));

    // blocks first, streets on top (they cover stray crowns)
    std::vector<BlockTemplate> residential;
    for (int i = 0; i < 4; ++i)
        residential.push_back(residentialTemplate());
    std::vector<BlockTemplate> commercial;
    for (int i = 0; i < 2; ++i)
        commercial.push_back(commercialTemplate());
    for (size_t j = 0; j + 1 < ys.size(); ++j)
        for (size_t i = 0; i + 1 < xs.size(); ++i) {
            const Box block{xs[i] + halfRoad + kPave, ys[j] + halfRoad + kPave,
                            xs[i + 1] - halfRoad - kPave, ys[j + 1] - halfRoad - kPave};
            fill(block, kGrass, SceneClass::Ground); // clears field trees
            const double kind = uniform(0.0, 1.0);
            const bool flip = chance(0.5);
            if (kind < 0.58)
                applyTemplate(block, residential[pick(4)], flip);
            else if (kind < 0.72)
                applyTemplate(block, commercial[pick(2)], flip);
            else if (kind < 0.86)
                park(block);
            else if (kind < 0.94)
                carPark(block);
            else
                pond({block.x0 + 4, block.y0 + 4, block.x1 - 4, block.y1 - 4});
        }

    const double top = ys.empty() ? 0 : ys.front() - halfRoad - kPave;
    const double bottom = ys.empty() ? d : ys.back() + halfRoad + kPave;
    const double left = xs.empty() ? 0 : xs.front() - halfRoad - kPave;
    const double right = xs.empty() ? w : xs.back() + halfRoad + kPave;
    auto toUtm = [&](double x, double y) {
        return UtmPoint{mMap.mTransform.originEasting + x, mMap.mTransform.originNorthing - y};
    };
    for (double x : xs) {
        fill({x - halfRoad - kPave, top, x + halfRoad + kPave, bottom}, kPavement,
             SceneClass::Ground);
        streets.push_back({toUtm(x, top), toUtm(x, bottom), kRoad});
    }
    for (double y : ys) {
        fill({left, y - halfRoad - kPave, right, y + halfRoad + kPave}, kPavement,
             SceneClass::Ground);
        streets.push_back({toUtm(left, y), toUtm(right, y), kRoad});
    }
    for (double x : xs)
        fill({x - halfRoad, top, x + halfRoad, bottom}, kAsphalt, SceneClass::Road);
    for (double y : ys)
        fill({left, y - halfRoad, right, y + halfRoad}, kAsphalt, SceneClass::Road);
    auto inCrossing = [&](const std::vector<double>& cross, double p) {
        return std::any_of(cross.begin(), cross.end(),
                           [&](double c) { return std::abs(c - p) < halfRoad + kPave + 1.0; });
    };
    // dashed centre lines (skipped in crossings) and street trees on some streets. Trees stand
    // 6.25 m from the centreline with crowns of at most 2.1 m, so a camera on the carriageway
    // (within 3 m of the centreline) is never inside one.
    for (double x : xs) {
        for (double y = top; y < bottom; y += 9.0)
            if (!inCrossing(ys, y) && !inCrossing(ys, y + 3.0))
                fill({x - 0.15, y, x + 0.15, y + 3.0}, kMarking, SceneClass::Road);
        if (chance(0.45))
            for (double y = top + uniform(3, 8); y < bottom; y += uniform(9.0, 12.0))
                if (!inCrossing(ys, y))
                    for (double side : {-1.0, 1.0})
                        tree(x + side * (halfRoad + kPave * 0.5), y, uniform(1.6, 2.1),
                             uniform(6.0, 8.0), pick(3));
    }
    for (double y : ys) {
        for (double x = left; x < right; x += 9.0)
            if (!inCrossing(xs, x) && !inCrossing(xs, x + 3.0))
                fill({x, y - 0.15, x + 3.0, y + 0.15}, kMarking, SceneClass::Road);
        if (chance(0.45))
            for (double x = left + uniform(3, 8); x < right; x += uniform(9.0, 12.0))
                if (!inCrossing(xs, x))
                    for (double side : {-1.0, 1.0})
                        tree(x, y + side * (halfRoad + kPave * 0.5), uniform(1.6, 2.1),
                             uniform(6.0, 8.0), pick(3));
    }
}

namespace {

//! Smooth value noise in [-1, 1]: random values on a coarse grid, bicubically enlarged.
cv::Mat valueNoise(std::mt19937_64& rng, cv::Size size, double cellPixels) {
    const int gw = std::max(2, static_cast<int>(size.width / cellPixels) + 2);
    const int gh = std::max(2, static_cast<int>(size.height / cellPixels) + 2);
    cv::Mat grid(gh, gw, CV_32F);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    for (int y = 0; y < gh; ++y)
        for (int x = 0; x < gw; ++x)
            grid.at<float>(y, x) = u(rng);
    cv::Mat out;
    cv::resize(grid, out, size, 0, 0, cv::INTER_CUBIC);
    return out;
}

//! Marks cells whose path towards the sun is blocked by a taller cell.
cv::Mat castShadows(const cv::Mat& height, double pixelSize, double azimuth, double elevation) {
    double maxHeight = 0;
    cv::minMaxLoc(height, nullptr, &maxHeight);
    const double ux = std::sin(azimuth);
    const double uy = -std::cos(azimuth);
    const double stepPixels = 1.0 / std::max(std::abs(ux), std::abs(uy));
    const double rise = stepPixels * pixelSize * std::tan(elevation); // metres per step
    const int steps = static_cast<int>(std::ceil(maxHeight / rise));
    cv::Mat shadow = cv::Mat::zeros(height.size(), CV_8U);
    cv::Mat cmp;
    for (int k = 1; k <= steps; ++k) {
        const int dx = static_cast<int>(std::lround(k * stepPixels * ux));
        const int dy = static_cast<int>(std::lround(k * stepPixels * uy));
        // destination cell p looks at p + (dx, dy)
        const cv::Rect dst(std::max(0, -dx), std::max(0, -dy), height.cols - std::abs(dx),
                           height.rows - std::abs(dy));
        if (dst.width <= 0 || dst.height <= 0)
            break;
        const cv::Rect src = dst + cv::Point(dx, dy);
        cv::Mat lifted = height(dst) + (k * rise + 0.05);
        cv::compare(height(src), lifted, cmp, cv::CMP_GT);
        cv::Mat target = shadow(dst);
        cv::bitwise_or(target, cmp, target);
    }
    return shadow;
}

} // namespace

TownMap::TownMap(int cols, int rows, double pixelSize, const UtmPoint& topLeft) {
    if (cols < 1 || rows < 1 || !(pixelSize > 0))
        throw Error("town map needs a positive size and pixel size");
    mColour.create(rows, cols, CV_8UC3);
    mColour.setTo(kGrass);
    mHeight = cv::Mat::zeros(rows, cols, CV_32F);
    mLabels.create(rows, cols, CV_8U);
    mLabels.setTo(static_cast<int>(SceneClass::Ground));
    mSide = cv::Mat::zeros(rows, cols, CV_8UC3);
    mTransform = {topLeft.easting, topLeft.northing, pixelSize};
    updatePyramid();
}

TownMap TownMap::generate(uint64_t seed, double sideMetres, double pixelSize,
                          const UtmPoint& topLeft) {
    if (!(sideMetres >= 50.0) || !(pixelSize > 0))
        throw Error("synthetic town must be at least 50 m wide with a positive pixel size");
    const int n = static_cast<int>(std::lround(sideMetres / pixelSize));
    TownMap map(n, n, pixelSize, topLeft);
    TownBuilder builder(map, seed);
    builder.build(map.mStreets);

    // texture: large-scale colour variation plus fine grain, from the same seeded stream
    std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
    const cv::Mat coarse = valueNoise(rng, map.mColour.size(), 24.0 / pixelSize);
    const cv::Mat fine = valueNoise(rng, map.mColour.size(), 1.5);
    const cv::Mat shadow = castShadows(map.mHeight, pixelSize, map.mSunAzimuth, map.mSunElevation);
    for (int y = 0; y < n; ++y) {
        auto* colour = map.mColour.ptr<cv::Vec3b>(y);
        auto* side = map.mSide.ptr<cv::Vec3b>(y);
        const auto* label = map.mLabels.ptr<uchar>(y);
        const float* c = coarse.ptr<float>(y);
        const float* f = fine.ptr<float>(y);
        const uchar* s = shadow.ptr<uchar>(y);
        for (int x = 0; x < n; ++x) {
            const bool natural = label[x] == static_cast<uchar>(SceneClass::Ground) ||
                                 label[x] == static_cast<uchar>(SceneClass::Tree);
            double factor = 1.0 + (natural ? 0.10 : 0.04) * c[x] + 0.06 * f[x];
            if (label[x] == static_cast<uchar>(SceneClass::Ground) && natural && c[x] > 0.55 &&
                colour[x] == kGrass)
                colour[x] = kSoil; // worn patches in lawns
            if (s[x])
                factor *= 0.55;
            colour[x] = scaled(colour[x], factor);
            side[x] = scaled(side[x], 1.0 + 0.05 * f[x]);
        }
    }
    map.updatePyramid();
    return map;
}

UtmPoint TownMap::topLeft() const {
    return {mTransform.originEasting, mTransform.originNorthing};
}

UtmPoint TownMap::bottomRight() const {
    return {mTransform.originEasting + mColour.cols * mTransform.pixelSize,
            mTransform.originNorthing - mColour.rows * mTransform.pixelSize};
}

bool TownMap::contains(const UtmPoint& p, double margin) const {
    const UtmPoint a = topLeft();
    const UtmPoint b = bottomRight();
    return p.easting >= a.easting + margin && p.easting <= b.easting - margin &&
           p.northing <= a.northing - margin && p.northing >= b.northing + margin;
}

void TownMap::addBuilding(const UtmPoint& centre, double eastWidth, double northDepth,
                          double heightMetres, const cv::Vec3b& roofBgr, const cv::Vec3b& wallBgr) {
    const cv::Point2d a = mTransform.toPixel(
        {centre.easting - eastWidth / 2, centre.northing + northDepth / 2}); // north-west
    const cv::Point2d b = mTransform.toPixel(
        {centre.easting + eastWidth / 2, centre.northing - northDepth / 2}); // south-east
    // pixel (x, y) belongs when its centre lies inside the footprint
    const int x0 = std::max(0, static_cast<int>(std::ceil(a.x)));
    const int y0 = std::max(0, static_cast<int>(std::ceil(a.y)));
    const int x1 = std::min(mColour.cols - 1, static_cast<int>(std::floor(b.x)));
    const int y1 = std::min(mColour.rows - 1, static_cast<int>(std::floor(b.y)));
    if (x1 < x0 || y1 < y0)
        return;
    const cv::Rect r(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    mColour(r).setTo(roofBgr);
    mSide(r).setTo(wallBgr);
    mHeight(r).setTo(heightMetres);
    mLabels(r).setTo(static_cast<int>(SceneClass::Building));
    updatePyramid();
}

void TownMap::paintGround(const cv::Rect& pixels, const cv::Vec3b& bgr, SceneClass label) {
    const cv::Rect r = pixels & cv::Rect(0, 0, mColour.cols, mColour.rows);
    if (r.empty())
        return;
    mColour(r).setTo(bgr);
    mSide(r).setTo(cv::Scalar());
    mHeight(r).setTo(0);
    mLabels(r).setTo(static_cast<int>(label));
    updatePyramid();
}

void TownMap::updatePyramid() {
    mPyramid.clear();
    mPyramid.push_back(mColour);
    while (mPyramid.back().cols >= 64 && mPyramid.back().rows >= 64) {
        const cv::Mat& last = mPyramid.back();
        // exact 2x2 averages (even crop) keep level L's pixel centres at 2^L (x + 0.5) - 0.5
        const cv::Mat even = last(cv::Rect(0, 0, last.cols & ~1, last.rows & ~1));
        cv::Mat next;
        cv::resize(even, next, cv::Size(even.cols / 2, even.rows / 2), 0, 0, cv::INTER_AREA);
        mPyramid.push_back(next);
    }
}

cv::Mat TownMap::tile(const UtmPoint& centre, int size, double metres) const {
    if (size < 1 || !(metres > 0))
        throw Error("tile needs a positive size and extent");
    const double scale = metres / size / mTransform.pixelSize; // map pixels per tile pixel
    int level = 0;
    while (scale / (1 << level) >= 2.0 && level + 1 < static_cast<int>(mPyramid.size()))
        ++level;
    const double f = 1 << level;
    const cv::Point2d c = mTransform.toPixel(centre);
    const double half = (size - 1) / 2.0;
    // level-L coordinate of level-0 coordinate x is (x + 0.5) / 2^L - 0.5
    const cv::Matx23d inverse(scale / f, 0, (c.x - scale * half + 0.5) / f - 0.5, 0, scale / f,
                              (c.y - scale * half + 0.5) / f - 0.5);
    cv::Mat out;
    cv::warpAffine(mPyramid[level], out, inverse, cv::Size(size, size),
                   cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT, cv::Scalar());
    return out;
}

} // namespace orinet

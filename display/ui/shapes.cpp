#include "display/ui/shapes.h"

#include <algorithm>
#include <cmath>

namespace guichet::display::ui {

std::vector<Point> disc(Point c, float radius) {
    constexpr float kTwoPi = 6.28318530718f;
    const int segments = std::max(12, static_cast<int>(kTwoPi * radius / 4));
    std::vector<Point> out;
    out.reserve(static_cast<std::size_t>(segments) * 3);
    Point previous{c.x + radius, c.y};
    for (int i = 1; i <= segments; ++i) {
        const float a = kTwoPi * static_cast<float>(i) / static_cast<float>(segments);
        const Point next{c.x + radius * std::cos(a), c.y + radius * std::sin(a)};
        out.insert(out.end(), {c, previous, next});
        previous = next;
    }
    return out;
}

std::vector<Point> stroke(const std::vector<Point>& path, float width) {
    const float half = width / 2;
    std::vector<Point> out;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        const Point a = path[i], b = path[i + 1];
        const float dx = b.x - a.x, dy = b.y - a.y;
        const float length = std::hypot(dx, dy);
        if (length == 0) continue;
        // The segment as a rectangle: two triangles either side of its axis.
        const float nx = -dy / length * half, ny = dx / length * half;
        const Point a1{a.x + nx, a.y + ny}, a2{a.x - nx, a.y - ny};
        const Point b1{b.x + nx, b.y + ny}, b2{b.x - nx, b.y - ny};
        out.insert(out.end(), {a1, b1, b2, a1, b2, a2});
    }
    // Round joins and caps fill the wedges between segments.
    for (const Point& p : path) {
        const auto round = disc(p, half);
        out.insert(out.end(), round.begin(), round.end());
    }
    return out;
}

}  // namespace guichet::display::ui

// Filled shapes as triangles for Canvas::triangles: discs and thick strokes,
// enough to draw pictograms (the survey's faces) without depending on a font.
//
// Contract: pure functions returning triangle lists (three points each).
// disc() approximates the circle with segments no longer than about 4 px, so
// it looks round at any size; stroke() follows a path with round joins and
// caps, `width` pixels across.
#pragma once

#include <vector>

#include "display/ui/canvas.h"

namespace guichet::display::ui {

std::vector<Point> disc(Point centre, float radius);
std::vector<Point> stroke(const std::vector<Point>& path, float width);

}  // namespace guichet::display::ui

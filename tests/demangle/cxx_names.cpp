// C++ functions whose mangled names (clang++-14 --target=wasm32, read back
// with llvm-nm-14) check_names.py demangles with wisp and with
// llvm-cxxfilt-14: namespaces, templates, operators, constructors and
// destructors, lambdas, an anonymous namespace, qualifiers, varargs.
#include <stddef.h>
namespace game {
struct Vec2 { float x, y; Vec2 operator+(const Vec2 &o) const { return {x + o.x, y + o.y}; } };
template <typename T, int N> struct Grid { T cells[N]; T &at(size_t i) { return cells[i]; } };
struct Level { Level(int n); ~Level(); int tile_at(int x, int y) const; static Level *current; };
Level::Level(int) {} Level::~Level() {}
int Level::tile_at(int x, int y) const { return x + y; }
Level *Level::current;
template <typename F> int apply(F f) { return f(3); }
int use_lambda() { return apply([](int v) { return v * 2; }); }
namespace { int hidden(char, unsigned long long, const char *) { return 0; } }
int call_hidden() { return hidden('a', 1, "x"); }
}
int use_grid() { game::Grid<unsigned char, 9> g{}; return g.at(3) + (game::Vec2{1,2} + game::Vec2{3,4}).x; }
int overloaded(int (*)(double), void *volatile *, ...) { return 0; }
int call_ol() { return overloaded(nullptr, nullptr, 1); }

// Tests of compute/expression: evaluating numbers allocates nothing, so per-row columns stay cheap.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "compute/expression.hpp"
#include "test_scope.hpp"

namespace {
// Counts allocations only while a test asks for it; everything else passes straight through.
thread_local bool counting = false;
thread_local long allocations = 0;
}  // namespace

// Every replaceable form is replaced, so no allocation made by one allocator is freed by the
// other (AddressSanitizer reports such a mismatch, e.g. a nothrow new of the library freed here).
namespace {
void* counted_alloc(std::size_t size) {
  if (counting) ++allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* counted_aligned_alloc(std::size_t size, std::align_val_t align) {
  if (counting) ++allocations;
  auto a = static_cast<std::size_t>(align);
  if (a < sizeof(void*)) a = sizeof(void*);
  // aligned_alloc wants a size that is a multiple of the alignment.
  std::size_t rounded = (size == 0 ? a : (size + a - 1) / a * a);
  return std::aligned_alloc(a, rounded);
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* p = counted_alloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = counted_alloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_alloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_alloc(size);
}
void* operator new(std::size_t size, std::align_val_t align) {
  if (void* p = counted_aligned_alloc(size, align)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) {
  if (void* p = counted_aligned_alloc(size, align)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return counted_aligned_alloc(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return counted_aligned_alloc(size, align);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(p);
}

namespace rapport::expr_testing {
namespace {

long allocations_while(const std::function<void()>& work) {
  allocations = 0;
  counting = true;
  work();
  counting = false;
  return allocations;
}

TEST(expression_alloc, numeric_evaluation_does_not_allocate) {
  test_data d;
  d.globals = {{"budget", 600}, {"utfall", 450.5}, {"tom", value{}}};
  test_scope s(d);
  expression e = parse(
      "round((utfall - budget) / abs(budget) * 100, 1) + change_abs_pct(utfall, budget) + "
      "if(budget > 0 and not (utfall = 0), coalesce(tom, 1), 2) + forecast(utfall, 8) + "
      "scale(budget, 'tkr') + max(budget, utfall, 3)");
  value expected = e.evaluate(s);
  ASSERT_TRUE(expected.is_number());
  value result;
  long count = allocations_while([&] {
    for (int i = 0; i < 1000; ++i) result = e.evaluate(s);
  });
  EXPECT_EQ(count, 0);
  EXPECT_EQ(result, expected);
}

TEST(expression_alloc, aggregates_do_not_allocate_per_row) {
  test_data d;
  for (int i = 0; i < 500; ++i) d.rows.push_back({{"v", i}, {"w", 2}});
  test_scope s(d, true);
  expression e = parse("sum(v * w) + avg(v) + count(v) + min(v) + max(v)");
  value result;
  long count = allocations_while([&] { result = e.evaluate(s); });
  EXPECT_EQ(count, 0);
  EXPECT_EQ(result, value(2.0 * 124750 + 249.5 + 500 + 0 + 499));
}

}  // namespace
}  // namespace rapport::expr_testing

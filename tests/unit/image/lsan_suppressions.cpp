// LeakSanitizer (scripts/sanitize): librsvg draws SVG text through pango, which fills
// fontconfig's process-wide font caches; fontconfig keeps them until exit by design.
// Only this test executable gets the suppression (LSan reads this hook at start-up).
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n";
}

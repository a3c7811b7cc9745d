// archive/: a small, bounds-checked inflate (RFC 1950/1951) and the PNG predictors, enough to
// read cross-reference and object streams without linking zlib into this stage.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "archive/pdf_file.hpp"

namespace rapport::detail {

namespace {

class bit_reader {
public:
  explicit bit_reader(std::string_view data) : data_(data) {}

  unsigned bits(int count) {
    while (held_ < count) {
      if (pos_ >= data_.size()) throw pdf_syntax_error(0, "compressed stream is truncated");
      buffer_ |= static_cast<std::uint32_t>(static_cast<unsigned char>(data_[pos_++])) << held_;
      held_ += 8;
    }
    unsigned value = buffer_ & ((1u << count) - 1);
    buffer_ >>= count;
    held_ -= count;
    return value;
  }

  void align() {
    buffer_ >>= held_ % 8;
    held_ -= held_ % 8;
  }

  std::string_view take_bytes(std::size_t count) {
    // Bytes already pulled into the bit buffer come first.
    std::string out;
    while (held_ >= 8 && count > 0) {
      out += static_cast<char>(bits(8));
      --count;
    }
    if (count > data_.size() - pos_) throw pdf_syntax_error(0, "compressed stream is truncated");
    pending_ = out;
    pending_.append(data_.substr(pos_, count));
    pos_ += count;
    return pending_;
  }

private:
  std::string_view data_;
  std::size_t pos_ = 0;
  std::uint32_t buffer_ = 0;
  int held_ = 0;
  std::string pending_;
};

// Canonical Huffman decoding table (counts per length and symbols by code order).
struct huffman {
  std::array<unsigned short, 16> counts{};
  std::array<unsigned short, 320> symbols{};

  void build(const unsigned char* lengths, int n) {
    counts.fill(0);
    for (int i = 0; i < n; ++i) ++counts[lengths[i]];
    counts[0] = 0;
    std::array<unsigned short, 16> offsets{};
    for (int len = 1; len < 16; ++len) offsets[len] = offsets[len - 1] + counts[len - 1];
    for (int i = 0; i < n; ++i)
      if (lengths[i]) symbols[offsets[lengths[i]]++] = static_cast<unsigned short>(i);
  }

  int decode(bit_reader& in) const {
    int code = 0, first = 0, index = 0;
    for (int len = 1; len < 16; ++len) {
      code |= static_cast<int>(in.bits(1));
      int count = counts[len];
      if (code - count < first) return symbols[index + (code - first)];
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    throw pdf_syntax_error(0, "compressed stream has an invalid code");
  }
};

constexpr std::array<unsigned short, 29> length_base = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                                        15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                                        67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<unsigned char, 29> length_extra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                        2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<unsigned short, 30> dist_base = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<unsigned char, 30> dist_extra = {0, 0, 0,  0,  1,  1,  2,  2,  3,  3,
                                                      4, 4, 5,  5,  6,  6,  7,  7,  8,  8,
                                                      9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

void inflate_block(bit_reader& in, std::string& out, const huffman& lit, const huffman& dist,
                   std::size_t limit) {
  while (true) {
    int symbol = lit.decode(in);
    if (symbol < 256) {
      out += static_cast<char>(symbol);
    } else if (symbol == 256) {
      return;
    } else {
      symbol -= 257;
      if (symbol >= 29) throw pdf_syntax_error(0, "compressed stream has an invalid length");
      std::size_t length = length_base[symbol] + in.bits(length_extra[symbol]);
      int d = dist.decode(in);
      if (d >= 30) throw pdf_syntax_error(0, "compressed stream has an invalid distance");
      std::size_t distance = dist_base[d] + in.bits(dist_extra[d]);
      if (distance > out.size())
        throw pdf_syntax_error(0, "compressed stream reaches back too far");
      std::size_t from = out.size() - distance;
      for (std::size_t k = 0; k < length; ++k) out += out[from + k];
    }
    if (out.size() > limit) throw pdf_syntax_error(0, "compressed stream expands beyond the limit");
  }
}

void read_dynamic_tables(bit_reader& in, huffman& lit, huffman& dist) {
  int nlen = static_cast<int>(in.bits(5)) + 257;
  int ndist = static_cast<int>(in.bits(5)) + 1;
  int ncode = static_cast<int>(in.bits(4)) + 4;
  if (nlen > 286 || ndist > 30) throw pdf_syntax_error(0, "compressed stream has bad tables");
  static constexpr std::array<unsigned char, 19> order = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                          11, 4,  12, 3, 13, 2, 14, 1, 15};
  std::array<unsigned char, 320> lengths{};
  for (int i = 0; i < ncode; ++i) lengths[order[i]] = static_cast<unsigned char>(in.bits(3));
  huffman code_lengths;
  code_lengths.build(lengths.data(), 19);
  int index = 0;
  while (index < nlen + ndist) {
    int symbol = code_lengths.decode(in);
    if (symbol < 16) {
      lengths[index++] = static_cast<unsigned char>(symbol);
      continue;
    }
    unsigned char value = 0;
    int repeat = 0;
    if (symbol == 16) {
      if (index == 0) throw pdf_syntax_error(0, "compressed stream has bad tables");
      value = lengths[index - 1];
      repeat = 3 + static_cast<int>(in.bits(2));
    } else if (symbol == 17) {
      repeat = 3 + static_cast<int>(in.bits(3));
    } else {
      repeat = 11 + static_cast<int>(in.bits(7));
    }
    if (index + repeat > nlen + ndist)
      throw pdf_syntax_error(0, "compressed stream has bad tables");
    while (repeat--) lengths[index++] = value;
  }
  lit.build(lengths.data(), nlen);
  dist.build(lengths.data() + nlen, ndist);
}

}  // namespace

std::string inflate_zlib(std::string_view data, std::size_t limit) {
  if (data.size() < 2) throw pdf_syntax_error(0, "compressed stream is truncated");
  auto cmf = static_cast<unsigned char>(data[0]);
  auto flg = static_cast<unsigned char>(data[1]);
  if ((cmf & 0x0f) != 8 || ((cmf << 8) | flg) % 31 != 0 || (flg & 0x20))
    throw pdf_syntax_error(0, "compressed stream has no zlib header");
  bit_reader in(data.substr(2));
  std::string out;
  bool last = false;
  while (!last) {
    last = in.bits(1) != 0;
    unsigned type = in.bits(2);
    if (type == 0) {
      in.align();
      unsigned len = in.bits(16);
      unsigned nlen = in.bits(16);
      if ((len ^ 0xffff) != nlen) throw pdf_syntax_error(0, "compressed stream is damaged");
      out.append(in.take_bytes(len));
      if (out.size() > limit)
        throw pdf_syntax_error(0, "compressed stream expands beyond the limit");
    } else if (type == 1) {
      std::array<unsigned char, 320> lengths{};
      for (int i = 0; i < 144; ++i) lengths[i] = 8;
      for (int i = 144; i < 256; ++i) lengths[i] = 9;
      for (int i = 256; i < 280; ++i) lengths[i] = 7;
      for (int i = 280; i < 288; ++i) lengths[i] = 8;
      huffman lit, dist;
      lit.build(lengths.data(), 288);
      std::array<unsigned char, 30> dl{};
      dl.fill(5);
      dist.build(dl.data(), 30);
      inflate_block(in, out, lit, dist, limit);
    } else if (type == 2) {
      huffman lit, dist;
      read_dynamic_tables(in, lit, dist);
      inflate_block(in, out, lit, dist, limit);
    } else {
      throw pdf_syntax_error(0, "compressed stream has an invalid block type");
    }
  }
  // The Adler-32 trailer is not checked: a damaged stream fails to parse soon enough.
  return out;
}

std::string undo_png_predictor(std::string_view data, int columns, int colors, int bits) {
  int bytes_per_pixel = std::max(1, (colors * bits + 7) / 8);
  std::size_t row_bytes = (static_cast<std::size_t>(columns) * colors * bits + 7) / 8;
  std::string out;
  if (row_bytes + 1 > data.size()) return out;  // not even one row
  std::string previous(row_bytes, '\0');
  std::size_t pos = 0;
  while (pos + 1 + row_bytes <= data.size()) {
    int filter = static_cast<unsigned char>(data[pos]);
    std::string row(data.substr(pos + 1, row_bytes));
    for (std::size_t i = 0; i < row_bytes; ++i) {
      int left = i >= static_cast<std::size_t>(bytes_per_pixel)
                     ? static_cast<unsigned char>(row[i - bytes_per_pixel])
                     : 0;
      int up = static_cast<unsigned char>(previous[i]);
      int up_left = i >= static_cast<std::size_t>(bytes_per_pixel)
                        ? static_cast<unsigned char>(previous[i - bytes_per_pixel])
                        : 0;
      int add = 0;
      switch (filter) {
        case 0:
          add = 0;
          break;
        case 1:
          add = left;
          break;
        case 2:
          add = up;
          break;
        case 3:
          add = (left + up) / 2;
          break;
        case 4: {
          int p = left + up - up_left;
          int pa = std::abs(p - left), pb = std::abs(p - up), pc = std::abs(p - up_left);
          add = pa <= pb && pa <= pc ? left : pb <= pc ? up : up_left;
          break;
        }
        default:
          throw pdf_syntax_error(0, "stream has an unknown PNG predictor");
      }
      row[i] = static_cast<char>((static_cast<unsigned char>(row[i]) + add) & 0xff);
    }
    out += row;
    previous = std::move(row);
    pos += 1 + row_bytes;
  }
  return out;
}

}  // namespace rapport::detail

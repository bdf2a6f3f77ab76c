package dev.mtfengine.rl.data;

/** Element types of the columns of a transition file, with their on-disk codes. */
enum ColumnType {
  F32(0, 4),
  F64(1, 8),
  I32(2, 4),
  I64(3, 8),
  U8(4, 1);

  final int code;
  final int bytes;

  ColumnType(int code, int bytes) {
    this.code = code;
    this.bytes = bytes;
  }

  static ColumnType ofCode(int code) {
    for (ColumnType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown column type code " + code);
  }
}

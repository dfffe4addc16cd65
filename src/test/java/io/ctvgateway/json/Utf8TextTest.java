package io.ctvgateway.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8TextTest {
  @Test
  void aSliceIsItsBytesAndItsTextAndEqualsTheSameTextMadeFromAString() {
    byte[] record = "..{\"é\":1}..".getBytes(StandardCharsets.UTF_8);
    Utf8Text slice = Utf8Text.wrap(record, 2, record.length - 4);
    assertEquals("{\"é\":1}", slice.text());
    assertEquals(8, slice.length()); // é is two bytes
    assertEquals(Utf8Text.of("{\"é\":1}"), slice);
    assertEquals(Utf8Text.of("{\"é\":1}").hashCode(), slice.hashCode());
    assertNotEquals(Utf8Text.of("{\"e\":1}"), slice);
    assertArrayEquals("{\"é\":1}".getBytes(StandardCharsets.UTF_8), slice.toBytes());
    byte[] copied = new byte[10];
    slice.copyTo(copied, 1);
    assertEquals("{\"é\":1}", new String(copied, 1, 8, StandardCharsets.UTF_8));
  }

  @Test
  void itsBufferSharesTheBytesInsteadOfCopyingThem() {
    byte[] record = "xx{}yy".getBytes(StandardCharsets.US_ASCII);
    var buffer = Utf8Text.wrap(record, 2, 2).buffer();
    assertEquals("{}", buffer.toString());
    record[2] = '[';
    record[3] = ']';
    assertEquals("[]", buffer.toString());
  }

  @Test
  void aSliceOutsideItsArrayIsRefused() {
    assertThrows(IndexOutOfBoundsException.class, () -> Utf8Text.wrap(new byte[4], 2, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> Utf8Text.wrap(new byte[4], -1, 2));
  }
}

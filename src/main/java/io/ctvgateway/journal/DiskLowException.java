package io.ctvgateway.journal;

import java.io.IOException;

/**
 * An append refused because writing it would leave the data volume with less free space than the journal's
 * floor ({@link JournalOptions#minFreeBytes()}). Nothing was written; the append may be sent again once space
 * is free (delivery frees it as settled segments are deleted). The space under the floor is kept for what
 * drains the journal: the key log, dead letters and checkpoints.
 */
public final class DiskLowException extends IOException {
  private static final long serialVersionUID = 1L;

  DiskLowException(String message) {
    super(message);
  }
}

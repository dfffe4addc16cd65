package io.ctvgateway.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 as bytes on a socket, for what a well-behaved client cannot send: a broken request line, a missing
 * Host, a smuggling-shaped Transfer-Encoding, invalid UTF-8. Blocking: call it from the test thread, never an
 * event loop.
 */
public final class RawHttp {
  private RawHttp() {}

  /** One answer as read, and whether the server closed the connection after it. */
  public record Answer(String statusLine, int status, Map<String, String> headers, String body, boolean closed) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    /** The error body's code, failing unless the body is the JSON error body. */
    public String errorCode() {
      JsonObject error = json().getJsonObject("error");
      if (error == null || error.getString("code") == null || error.getString("message") == null) {
        throw new AssertionError("not the JSON error body: " + body);
      }
      return error.getString("code");
    }
  }

  /** Sends {@code request} as it is and reads one answer; {@code closed} says if the server closed at once. */
  public static Answer exchange(int port, byte[] request) throws IOException {
    return exchange(port, request, 100);
  }

  /**
   * Sends {@code request} as it is, reads one answer, then waits up to {@code closeWaitMs} to see if the server
   * closes the connection.
   */
  public static Answer exchange(int port, byte[] request, int closeWaitMs) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed before an answer; got '" + head + "'");
        }
        head.write(b);
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      boolean closed;
      socket.setSoTimeout(closeWaitMs);
      try {
        closed = in.read() < 0;
      } catch (SocketTimeoutException e) {
        closed = false;
      } catch (IOException e) {
        closed = true; // reset
      }
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      return new Answer(lines[0], status, headers, new String(body, StandardCharsets.UTF_8), closed);
    }
  }

  /** A POST to {@code path} with {@code contentType} and the body's bytes, Content-Length set. */
  public static byte[] post(String path, String contentType, byte[] body) {
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[head.length + body.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    return out;
  }

  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}

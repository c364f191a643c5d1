package io.mediaflow.internal.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParser;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;
import org.apache.hc.core5.http.io.SessionInputBuffer;

/**
 * Response heads are read by core's strict parser (HttpClient's default one skips lines of garbage
 * before the status line), and a head cut short by the end of the connection is an error: the
 * parser alone would take the lines it got for the whole head.
 */
final class StrictResponseParsers implements HttpMessageParserFactory<ClassicHttpResponse> {

  private final Http1Config config;

  StrictResponseParsers(Http1Config config) {
    this.config = config;
  }

  @Override
  public HttpMessageParser<ClassicHttpResponse> create() {
    return new DefaultHttpResponseParser(config) {
      @Override
      public ClassicHttpResponse parse(SessionInputBuffer buffer, InputStream in)
          throws IOException, HttpException {
        boolean[] ended = {false};
        InputStream watched =
            new FilterInputStream(in) {
              @Override
              public int read() throws IOException {
                int c = super.read();
                ended[0] |= c < 0;
                return c;
              }

              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                ended[0] |= n < 0;
                return n;
              }
            };
        ClassicHttpResponse head;
        try {
          head = super.parse(buffer, watched);
        } catch (HttpException e) {
          if (ended[0]) { // a status line cut short is not a bad one
            throw new ConnectionClosedException("the response head was cut short");
          }
          throw e;
        }
        if (head != null && ended[0]) {
          // the buffer asks for more only while a line is unfinished
          throw new ConnectionClosedException("the response head was cut short");
        }
        return head;
      }
    };
  }

  @Deprecated
  @Override
  public HttpMessageParser<ClassicHttpResponse> create(Http1Config ignored) {
    return create();
  }
}

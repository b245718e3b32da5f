package ru.civicpulse.testsupport.fuzz;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 keep-alive connection of the fuzz driver: writes a request while reading, so an answer the
 * server sends before it has read the whole body is not missed, and parses the answer (fixed length,
 * chunked, or up to the end of the stream) in place.
 */
final class HttpConnection {
    private final SocketChannel channel;
    private final Duration timeout;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer io = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer[] out = new ByteBuffer[2];
    private byte[] in = new byte[64 * 1024];
    private int length;
    // the answer being parsed
    private int headerEnd;
    private int status;
    private String contentType;
    private long contentLength;
    private boolean chunked;
    private boolean close;
    // chunked bodies are decoded in place: data moved down to bodyEnd, the chunk being read starts at chunkAt
    private int bodyEnd;
    private int chunkAt;
    private long chunkLeft;
    private boolean chunksDone;

    HttpConnection(Selector selector, InetSocketAddress address, Duration timeout) throws IOException {
        this.selector = selector;
        this.timeout = timeout;
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket().connect(address, 10_000);
            ch.configureBlocking(false);
            this.key = ch.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        this.channel = ch;
    }

    void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to say to this server
        }
    }

    Response exchange(byte[] head, int headLength, byte[] body, long deadline) throws IOException {
        out[0] = ByteBuffer.wrap(head, 0, headLength);
        out[1] = ByteBuffer.wrap(body);
        long unwritten = headLength + (long) body.length;
        length = 0;
        headerEnd = -1;
        int interest = SelectionKey.OP_READ;
        while (true) {
            if (unwritten > 0) {
                try {
                    unwritten -= channel.write(out);
                } catch (IOException e) {
                    // the server may have answered and closed before reading it all: its answer is already here
                    Response early = null;
                    try {
                        int read = readSome();
                        early = read != 0 && parse(read < 0) ? answer(false) : null;
                    } catch (IOException ignored) {
                        // nothing readable either: the write's failure says it
                    }
                    if (early != null) {
                        return early;
                    }
                    throw e;
                }
            }
            int wanted = unwritten > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
            if (wanted != interest) {
                key.interestOps(wanted);
                interest = wanted;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no answer within " + timeout.toMillis() + " ms");
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            int read = readSome();
            if (read != 0 && parse(read < 0)) {
                // an answer before the whole request was written leaves the connection out of step: close it
                return answer(!close && unwritten == 0);
            }
            if (read < 0) {
                throw new IOException("connection closed before an answer");
            }
        }
    }

    private Response answer(boolean keepAlive) {
        return new Response(status, contentType, in, headerEnd, chunked ? bodyEnd - headerEnd : (int) contentLength, keepAlive);
    }

    /** Reads what is there into {@link #in}: the bytes read, 0 if none, -1 at the end of the stream. */
    private int readSome() throws IOException {
        int total = 0;
        while (true) {
            io.clear();
            int n = channel.read(io);
            if (n < 0) {
                return total > 0 ? total : -1;
            }
            if (n == 0) {
                return total;
            }
            io.flip();
            if (length + n > in.length) {
                in = java.util.Arrays.copyOf(in, Math.max(length + n, 2 * in.length));
            }
            io.get(in, length, n);
            length += n;
            total += n;
            if (n < io.capacity()) {
                return total;
            }
        }
    }

    /** Whether {@link #in} holds a whole answer; {@code eof}: the server closed its side. */
    private boolean parse(boolean eof) throws IOException {
        if (headerEnd < 0 && !parseHead()) {
            return false;
        }
        if (chunked) {
            return parseChunks();
        }
        if (contentLength >= 0) {
            return length - headerEnd >= contentLength;
        }
        if (eof) { // no length: the body runs to the end of the stream
            contentLength = length - headerEnd;
            return true;
        }
        return false;
    }

    private boolean parseHead() throws IOException {
        int end = indexOf(in, length, 0);
        if (end < 0) {
            return false;
        }
        headerEnd = end + 4;
        String headText = new String(in, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = headText.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer: " + lines[0]);
        }
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + lines[0]);
        }
        if (status < 100 || status > 599) {
            throw new IOException("bad status: " + lines[0]);
        }
        contentType = null;
        contentLength = -1;
        chunked = false;
        close = statusLine[0].equals("HTTP/1.0");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Type")) {
                contentType = value;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                String v = value.toLowerCase(java.util.Locale.ROOT);
                close = v.contains("close") || (close && !v.contains("keep-alive"));
            }
        }
        if (status == 204 || status == 304) {
            contentLength = 0;
            chunked = false;
        }
        bodyEnd = headerEnd;
        chunkAt = headerEnd;
        chunkLeft = -1;
        chunksDone = false;
        return true;
    }

    /** Decodes the chunks read so far; true once the last chunk and the trailers are in. */
    private boolean parseChunks() throws IOException {
        while (true) {
            if (chunksDone) {
                // trailers, if any, end with an empty line
                if (chunkAt + 2 <= length && in[chunkAt] == '\r' && in[chunkAt + 1] == '\n') {
                    return true;
                }
                int end = indexOf(in, length, chunkAt);
                return end >= 0;
            }
            if (chunkLeft < 0) {
                int lineEnd = indexOfCrlf(chunkAt);
                if (lineEnd < 0) {
                    return false;
                }
                String sizeText = new String(in, chunkAt, lineEnd - chunkAt, StandardCharsets.ISO_8859_1);
                int ext = sizeText.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((ext < 0 ? sizeText : sizeText.substring(0, ext)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size: " + sizeText);
                }
                chunkAt = lineEnd + 2;
                if (chunkLeft == 0) {
                    chunksDone = true;
                    continue;
                }
            }
            long available = length - chunkAt;
            if (available < chunkLeft + 2) {
                return false;
            }
            System.arraycopy(in, chunkAt, in, bodyEnd, (int) chunkLeft);
            bodyEnd += (int) chunkLeft;
            chunkAt += (int) chunkLeft + 2;
            chunkLeft = -1;
        }
    }

    private int indexOfCrlf(int from) {
        for (int i = from; i + 1 < length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** What the checks need of an answer. */
    record Response(int status, String contentType, byte[] body, int bodyOffset, int bodyLength, boolean keepAlive) {
        String bodyText() {
            return new String(body, bodyOffset, bodyLength, StandardCharsets.UTF_8);
        }
    }

    /** Where the first CRLFCRLF starts, or -1. */
    private static int indexOf(byte[] b, int length, int from) {
        for (int i = from; i + 3 < length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}

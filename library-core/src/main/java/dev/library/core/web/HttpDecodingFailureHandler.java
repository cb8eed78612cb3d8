package dev.library.core.web;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers requests that Netty could not decode (headers or request line too long, a
 * malformed request) with an RFC 9457 problem instead of Reactor Netty's empty response:
 * {@code 431} for headers too large, {@code 414} for a request line too long, {@code 400}
 * otherwise. Such a request never reaches the application, so no other handler could. The
 * connection is closed after the answer, as the HTTP/1.1 stream can no longer be trusted.
 *
 * @author Library
 */
@ChannelHandler.Sharable
public final class HttpDecodingFailureHandler extends ChannelInboundHandlerAdapter {

	/**
	 * The name of the handler in the pipeline.
	 */
	public static final String NAME = "library.httpDecodingFailure";

	private static final int MAX_INSTANCE_LENGTH = 256;

	private static final AttributeKey<Boolean> ANSWERED = AttributeKey.valueOf(NAME + ".answered");

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (Boolean.TRUE.equals(ctx.channel().attr(ANSWERED).get())) {
			// the rest of a request already answered, until the connection closes
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
			DecoderResult result = request.decoderResult();
			String uri = request.uri();
			ReferenceCountUtil.release(msg);
			ctx.channel().attr(ANSWERED).set(Boolean.TRUE);
			ctx.writeAndFlush(problem(result.cause(), uri)).addListener(ChannelFutureListener.CLOSE);
			return;
		}
		ctx.fireChannelRead(msg);
	}

	private static FullHttpResponse problem(Throwable cause, String uri) {
		HttpResponseStatus status;
		String kind;
		String detail;
		if (cause instanceof TooLongHttpHeaderException) {
			status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
			kind = "request-headers-too-large";
			detail = "The request's headers are larger than the server accepts "
					+ "(server.max-http-request-header-size)";
		}
		else if (cause instanceof TooLongHttpLineException) {
			status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
			kind = "request-line-too-long";
			detail = "The request line (method, path and query) is longer than the server accepts";
		}
		else {
			status = HttpResponseStatus.BAD_REQUEST;
			kind = "malformed-request";
			detail = "The request is not well-formed HTTP";
		}
		String body = "{\"type\":\"" + ProblemTypes.BASE + kind + "\",\"title\":\"" + status.reasonPhrase()
				+ "\",\"status\":" + status.code() + ",\"detail\":\"" + detail + "\",\"instance\":\"" + instance(uri)
				+ "\"}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
				Unpooled.wrappedBuffer(bytes));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
			.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		return response;
	}

	/**
	 * The path of the request, as far as it was read (Netty names a request it could not
	 * read {@code /bad-request}), without its query and cut to a sane length, as a JSON
	 * string's content.
	 */
	private static String instance(String uri) {
		int query = uri.indexOf('?');
		String path = (query >= 0) ? uri.substring(0, query) : uri;
		if (path.length() > MAX_INSTANCE_LENGTH) {
			path = path.substring(0, MAX_INSTANCE_LENGTH);
		}
		StringBuilder escaped = new StringBuilder(path.length());
		for (char c : path.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\');
			}
			if (c >= 0x20) {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}

package dev.library.kafka;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Keeps the spans the application exports, for the tests to look at.
 *
 * @author Library
 */
public class RecordedSpans implements SpanExporter {

	private final List<SpanData> spans = new CopyOnWriteArrayList<>();

	@Override
	public CompletableResultCode export(Collection<SpanData> batch) {
		this.spans.addAll(batch);
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Return the spans exported so far.
	 * @return the spans
	 */
	public List<SpanData> spans() {
		return List.copyOf(this.spans);
	}

}

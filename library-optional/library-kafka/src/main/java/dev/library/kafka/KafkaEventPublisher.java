package dev.library.kafka;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends the platform's {@link CloudEvent}s to Kafka through an idempotent producer
 * ({@code acks=all}), and counts what was sent and what failed.
 * <p>
 * {@link #send} hands the record to the producer on the caller's thread (it may block
 * while the producer's buffer is full or the broker's metadata is unknown);
 * {@link #publish} hands the event to a dedicated thread first, so that callers that must
 * not block (the alarm engine, the command audit trail) never wait on the broker.
 *
 * @author Library
 */
public class KafkaEventPublisher {

	private static final Log logger = LogFactory.getLog(KafkaEventPublisher.class);

	private final KafkaTemplate<String, byte[]> template;

	private final CloudEventRecords records;

	private final EventRoutes routes;

	private final ThreadPoolExecutor handOff;

	private final CountDownLatch started = new CountDownLatch(1);

	private final Counter sent;

	private final Counter failed;

	private final Counter dropped;

	/**
	 * Create a publisher.
	 * @param template the template of the idempotent producer
	 * @param records turns events into records
	 * @param routes the routing rules
	 * @param queueCapacity how many events {@link #publish} holds for the broker before
	 * it drops new ones
	 * @param registry where the counters go
	 */
	public KafkaEventPublisher(KafkaTemplate<String, byte[]> template, CloudEventRecords records, EventRoutes routes,
			int queueCapacity, MeterRegistry registry) {
		this.template = template;
		this.records = records;
		this.routes = routes;
		this.handOff = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
				(runnable) -> {
					Thread thread = new Thread(runnable, "kafka-event-publisher");
					thread.setDaemon(true);
					return thread;
				});
		this.sent = Counter.builder("library.kafka.records.sent")
			.description("Records the broker acknowledged")
			.baseUnit("records")
			.register(registry);
		this.failed = Counter.builder("library.kafka.records.failed")
			.description("Records the producer could not deliver (state changes among them are sent again)")
			.baseUnit("records")
			.register(registry);
		this.dropped = Counter.builder("library.kafka.records.dropped")
			.description("Alarm transitions and command results dropped because the hand-off queue was full")
			.baseUnit("records")
			.register(registry);
	}

	/**
	 * Return the routing rules.
	 * @return the routes
	 */
	public EventRoutes routes() {
		return this.routes;
	}

	/**
	 * Send an event to a topic. May block while the producer's buffer is full.
	 * @param topic the topic
	 * @param event the event
	 * @return completes with the record's place once the broker acknowledged it
	 */
	public CompletableFuture<RecordMetadata> send(String topic, CloudEvent event) {
		CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
		send(record(topic, event), (metadata, ex) -> {
			if (ex != null) {
				acknowledged.completeExceptionally(ex);
			}
			else {
				acknowledged.complete(metadata);
			}
		});
		return acknowledged;
	}

	/**
	 * Return the record of an event, so that a caller can encode on one thread and send
	 * on another.
	 * @param topic the topic
	 * @param event the event
	 * @return the record
	 */
	public ProducerRecord<String, byte[]> record(String topic, CloudEvent event) {
		return this.records.toRecord(topic, event);
	}

	/**
	 * Send a record and call back once the broker acknowledged it or the send failed,
	 * without a future of its own per record. May block while the producer's buffer is
	 * full. The callback runs on the producer's I/O thread (or on the caller's, when the
	 * record is refused at once) and must be short.
	 * @param record the record, from {@link #record}
	 * @param callback receives the record's place, or the failure
	 */
	public void send(ProducerRecord<String, byte[]> record,
			BiConsumer<@Nullable RecordMetadata, @Nullable Throwable> callback) {
		BiConsumer<@Nullable RecordMetadata, @Nullable Throwable> counted = counting(callback);
		try {
			this.template.send(record)
				.whenComplete((result, ex) -> counted.accept((result != null) ? result.getRecordMetadata() : null, ex));
		}
		catch (RuntimeException ex) {
			counted.accept(null, ex);
		}
	}

	/**
	 * Send a record like {@link #send(ProducerRecord, BiConsumer)}, straight to the
	 * template's producer: no send observation (no span, no {@code traceparent} header,
	 * not in the send timer), no future and no log line per failed record. For the state
	 * changes no trace leads to, where a span and a future each would only cost, and
	 * whose failures the caller reports once.
	 * @param record the record, from {@link #record}
	 * @param callback receives the record's place, or the failure
	 */
	public void sendUnobserved(ProducerRecord<String, byte[]> record,
			BiConsumer<@Nullable RecordMetadata, @Nullable Throwable> callback) {
		BiConsumer<@Nullable RecordMetadata, @Nullable Throwable> counted = counting(callback);
		try {
			// The template's own producer (shared, replaced after abort()); never closed
			// here
			this.template.getProducerFactory().createProducer().send(record, counted::accept);
		}
		catch (RuntimeException ex) {
			counted.accept(null, ex);
		}
	}

	private BiConsumer<@Nullable RecordMetadata, @Nullable Throwable> counting(
			BiConsumer<@Nullable RecordMetadata, @Nullable Throwable> callback) {
		return (metadata, ex) -> {
			if (ex != null) {
				this.failed.increment();
				callback.accept(null, ex);
			}
			else {
				this.sent.increment();
				callback.accept(metadata, null);
			}
		};
	}

	/**
	 * Publish an event to the topic its type is routed to, without blocking: the event is
	 * queued for a dedicated thread, and dropped (and counted) when the queue is full.
	 * Does nothing when no rule routes the type.
	 * @param event the event
	 */
	public void publish(CloudEvent event) {
		String topic = this.routes.eventTopic(event.type());
		if (topic == null) {
			return;
		}
		try {
			this.handOff.execute(() -> {
				awaitStart();
				send(topic, event).whenComplete((metadata, ex) -> {
					if (ex != null) {
						logger.warn("Event " + event.id() + " (" + event.type() + ") not delivered to " + topic + ": "
								+ ex.getMessage());
					}
				});
			});
		}
		catch (RejectedExecutionException ex) {
			this.dropped.increment();
		}
	}

	/**
	 * Let the events queued by {@link #publish} go to the broker: until then they wait,
	 * so that none reaches a declared topic before the topic was created as declared.
	 */
	public void start() {
		this.started.countDown();
	}

	private void awaitStart() {
		try {
			this.started.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Close the producer at once, failing every record it has not sent yet, so that none
	 * of them lands after a record that failed before it (the producer would otherwise
	 * send later records of a partition after an earlier one expired). The next send
	 * opens a new producer.
	 */
	public void abort() {
		this.template.getProducerFactory().reset();
	}

	/**
	 * Wait until every record handed to the producer has been acknowledged or has failed.
	 * Blocks.
	 */
	public void flush() {
		this.template.flush();
	}

	/**
	 * Wait up to a timeout for the queued events to go to the producer. Blocks.
	 * @param timeoutMillis how long to wait for the queue to drain
	 */
	public void drain(long timeoutMillis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while ((!this.handOff.getQueue().isEmpty() || this.handOff.getActiveCount() > 0)
				&& System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}

package dev.library.kafka;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation;

/**
 * The Kafka clients of the component, made from Spring Boot's connection settings
 * ({@code spring.kafka.*}: servers, TLS, SASL, client metrics listeners) with the
 * settings the component relies on: an idempotent producer with {@code acks=all}, and a
 * consumer that commits only what it has processed. Owns their life cycle.
 *
 * @author Library
 */
public class KafkaClients implements DisposableBean {

	private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;

	private final KafkaTemplate<String, byte[]> template;

	private final DefaultKafkaConsumerFactory<String, byte[]> consumerFactory;

	private final Map<String, Object> adminProperties;

	private final Map<String, String> clientIds;

	private final ObservationRegistry observations;

	/**
	 * Create the clients.
	 * @param producerSettings Spring Boot's producer factory, whose configuration and
	 * listeners are taken
	 * @param consumerSettings Spring Boot's consumer factory, whose configuration and
	 * listeners are taken
	 * @param adminSettings Spring Boot's admin configuration
	 * @param clientId prefix of the client ids
	 * @param groupId the command consumer's group
	 * @param observations where the producer's and the consumer's observations go
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public KafkaClients(ProducerFactory<?, ?> producerSettings, ConsumerFactory<?, ?> consumerSettings,
			Map<String, Object> adminSettings, String clientId, String groupId, ObservationRegistry observations) {
		this.observations = observations;
		this.clientIds = Map.of("producer", clientId + "-producer", "consumer", clientId + "-commands", "admin",
				clientId + "-admin");
		Map<String, Object> producer = new HashMap<>(producerSettings.getConfigurationProperties());
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		producer.put(ProducerConfig.CLIENT_ID_CONFIG, this.clientIds.get("producer"));
		producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		this.producerFactory = new DefaultKafkaProducerFactory<>(producer, new StringSerializer(),
				new ByteArraySerializer());
		// Closing aborts the records not sent yet: a failed state change must not be
		// overtaken by later ones, which are all sent again from the event log
		this.producerFactory.setPhysicalCloseTimeout(0);
		producerSettings.getListeners()
			.forEach((listener) -> this.producerFactory.addListener((ProducerFactory.Listener) listener));
		this.template = new KafkaTemplate<>(this.producerFactory);
		this.template.setObservationRegistry(observations);
		this.template.setObservationEnabled(true);
		this.template.setObservationConvention(new SendObservationConvention());
		this.template.setMicrometerEnabled(false);
		Map<String, Object> consumer = new HashMap<>(consumerSettings.getConfigurationProperties());
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, this.clientIds.get("consumer"));
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumer.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		this.consumerFactory = new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(),
				new ByteArrayDeserializer());
		consumerSettings.getListeners()
			.forEach((listener) -> this.consumerFactory.addListener((ConsumerFactory.Listener) listener));
		this.adminProperties = new HashMap<>(adminSettings);
		this.adminProperties.put(AdminClientConfig.CLIENT_ID_CONFIG, this.clientIds.get("admin"));
	}

	/**
	 * Return the template of the idempotent producer.
	 * @return the template
	 */
	public KafkaTemplate<String, byte[]> template() {
		return this.template;
	}

	/**
	 * Return the factory of the command consumer.
	 * @return the factory
	 */
	public ConsumerFactory<String, byte[]> consumerFactory() {
		return this.consumerFactory;
	}

	/**
	 * Switch on spring-kafka's receive observation for a listener container of these
	 * clients: the consumer reads the W3C {@code traceparent} header of each record, so
	 * that the record's handling continues the producer's trace. The container is not a
	 * bean, so it would not find the observation registry by itself.
	 * @param container the container's properties
	 */
	public void observe(ContainerProperties container) {
		container.setObservationEnabled(true);
		container.setObservationRegistry(this.observations);
		container.setObservationConvention(new ReceiveObservationConvention());
	}

	/**
	 * Open an admin client; the caller closes it.
	 * @return the admin client
	 */
	public Admin openAdmin() {
		return Admin.create(this.adminProperties);
	}

	/**
	 * Return the client ids.
	 * @return the client ids by client: producer, consumer, admin
	 */
	public Map<String, String> clientIds() {
		return this.clientIds;
	}

	@Override
	public void destroy() {
		this.producerFactory.destroy();
	}

	/**
	 * spring-kafka's send observation under the timer name {@code library.kafka.send}:
	 * Spring Boot's own (unused) template registers a timer {@code spring.kafka.template}
	 * with other tag keys, and Prometheus refuses two sets of tag keys under one name.
	 */
	static final class SendObservationConvention
			extends KafkaTemplateObservation.DefaultKafkaTemplateObservationConvention {

		@Override
		public String getName() {
			return "library.kafka.send";
		}

	}

	/**
	 * spring-kafka's receive observation under the timer name
	 * {@code library.kafka.receive}, beside {@code library.kafka.send}, apart from the
	 * {@code spring.kafka.listener} timers of an application's own listeners.
	 */
	static final class ReceiveObservationConvention
			extends KafkaListenerObservation.DefaultKafkaListenerObservationConvention {

		@Override
		public String getName() {
			return "library.kafka.receive";
		}

	}

}

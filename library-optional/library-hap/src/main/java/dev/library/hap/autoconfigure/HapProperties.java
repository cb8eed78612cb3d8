package dev.library.hap.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.library.hap.AccessoryType;
import dev.library.hap.ValveType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the HomeKit bridge ({@code library.hap.*}).
 *
 * @author Library
 */
@ConfigurationProperties("library.hap")
public class HapProperties {

	/**
	 * TCP port of the HomeKit Accessory Protocol server; 0 picks a free port (tests).
	 */
	private int port = 51826;

	/**
	 * Address the HAP server binds to, and the mDNS advertisement unless mdns-interface
	 * is set; all interfaces when empty.
	 */
	private @Nullable String address;

	/**
	 * Name of the bridge, shown in the Home app while pairing.
	 */
	private String name = "Library Bridge";

	/**
	 * Setup code entered in the Home app, as ###-##-###; generated once and kept in the
	 * secrets store when empty.
	 */
	private @Nullable String setupCode;

	/**
	 * Name of the secret holding the bridge's keys and paired controllers.
	 */
	private String secretName = "hap-bridge";

	/**
	 * Whether the bridge is advertised over mDNS (Bonjour), which the Home app needs to
	 * find it.
	 */
	private boolean mdns = true;

	/**
	 * Network interface the bridge is advertised on over mDNS: a name such as eth0, or
	 * one of its addresses. When empty, the address when set, else the first IPv4 address
	 * of an up, multicast-capable, non-loopback interface.
	 */
	private @Nullable String mdnsInterface;

	/**
	 * How long a write from HomeKit may wait for its command's final status.
	 */
	private Duration writeTimeout = Duration.ofSeconds(10);

	/**
	 * Accessories of the bridge, each backed by a device point, a state key or an alarm.
	 */
	private List<Accessory> accessories = new ArrayList<>();

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public @Nullable String getAddress() {
		return this.address;
	}

	public void setAddress(@Nullable String address) {
		this.address = address;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public @Nullable String getSetupCode() {
		return this.setupCode;
	}

	public void setSetupCode(@Nullable String setupCode) {
		this.setupCode = setupCode;
	}

	public String getSecretName() {
		return this.secretName;
	}

	public void setSecretName(String secretName) {
		this.secretName = secretName;
	}

	public boolean isMdns() {
		return this.mdns;
	}

	public void setMdns(boolean mdns) {
		this.mdns = mdns;
	}

	public @Nullable String getMdnsInterface() {
		return this.mdnsInterface;
	}

	public void setMdnsInterface(@Nullable String mdnsInterface) {
		this.mdnsInterface = mdnsInterface;
	}

	public Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	public void setWriteTimeout(Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
	}

	public List<Accessory> getAccessories() {
		return this.accessories;
	}

	public void setAccessories(List<Accessory> accessories) {
		this.accessories = accessories;
	}

	/**
	 * One accessory of the bridge.
	 */
	public static class Accessory {

		/**
		 * Stable id of the accessory; its HomeKit accessory id (aid) is derived from it
		 * unless given.
		 */
		private @Nullable String id;

		/**
		 * HomeKit accessory id, 2 or more; derived from the id when empty. Changing it
		 * makes HomeKit forget the accessory's room and scenes.
		 */
		private @Nullable Integer aid;

		/**
		 * Name shown in the Home app; the id when empty.
		 */
		private @Nullable String name;

		/**
		 * Accessory type.
		 */
		private @Nullable AccessoryType type;

		/**
		 * Device id of the point behind the accessory.
		 */
		private @Nullable String device;

		/**
		 * Point name on the device; an output for switches, outlets and valves.
		 */
		private @Nullable String point;

		/**
		 * State key read instead of a device point (sensors only).
		 */
		private @Nullable String stateKey;

		/**
		 * Alarm id ({@code <definition>.<key>}) shown instead of a point: a contact
		 * sensor open, or a leak detected, while the alarm is active.
		 */
		private @Nullable String alarm;

		/**
		 * Kind of valve shown in the Home app.
		 */
		private ValveType valveType = ValveType.GENERIC;

		/**
		 * How long a valve stays open before the bridge closes it, when HomeKit has set
		 * no duration; 0 keeps it open until closed.
		 */
		private Duration valveDuration = Duration.ZERO;

		/**
		 * Level from which a carbon dioxide sensor reports abnormal, in ppm.
		 */
		private double carbonDioxideLimit = 1000;

		public @Nullable String getId() {
			return this.id;
		}

		public void setId(@Nullable String id) {
			this.id = id;
		}

		public @Nullable Integer getAid() {
			return this.aid;
		}

		public void setAid(@Nullable Integer aid) {
			this.aid = aid;
		}

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable AccessoryType getType() {
			return this.type;
		}

		public void setType(@Nullable AccessoryType type) {
			this.type = type;
		}

		public @Nullable String getDevice() {
			return this.device;
		}

		public void setDevice(@Nullable String device) {
			this.device = device;
		}

		public @Nullable String getPoint() {
			return this.point;
		}

		public void setPoint(@Nullable String point) {
			this.point = point;
		}

		public @Nullable String getStateKey() {
			return this.stateKey;
		}

		public void setStateKey(@Nullable String stateKey) {
			this.stateKey = stateKey;
		}

		public @Nullable String getAlarm() {
			return this.alarm;
		}

		public void setAlarm(@Nullable String alarm) {
			this.alarm = alarm;
		}

		public ValveType getValveType() {
			return this.valveType;
		}

		public void setValveType(ValveType valveType) {
			this.valveType = valveType;
		}

		public Duration getValveDuration() {
			return this.valveDuration;
		}

		public void setValveDuration(Duration valveDuration) {
			this.valveDuration = valveDuration;
		}

		public double getCarbonDioxideLimit() {
			return this.carbonDioxideLimit;
		}

		public void setCarbonDioxideLimit(double carbonDioxideLimit) {
			this.carbonDioxideLimit = carbonDioxideLimit;
		}

	}

}

package dev.library.hap;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One accessory of the bridge, as configured and checked.
 *
 * @param id the configured id
 * @param aid the HomeKit accessory id, stable across restarts
 * @param name the name shown in the Home app
 * @param type the accessory type
 * @param source where its value comes from
 * @param valveType the kind of valve (valves only)
 * @param valveDuration how long a valve stays open by default, zero for no limit
 * @param carbonDioxideLimit the level from which a carbon dioxide sensor reports abnormal
 * @author Library
 */
public record AccessoryDefinition(String id, int aid, String name, AccessoryType type, Source source,
		ValveType valveType, Duration valveDuration, double carbonDioxideLimit) {

	/**
	 * Where an accessory's value comes from: a device point (with its state key), a bare
	 * state key, or an alarm.
	 *
	 * @param device the device id, or {@code null}
	 * @param point the point name, or {@code null}
	 * @param stateKey the state key read, or {@code null} for an alarm
	 * @param alarm the alarm id, or {@code null}
	 */
	public record Source(@Nullable String device, @Nullable String point, @Nullable String stateKey,
			@Nullable String alarm) {

		/**
		 * Describe the source for messages.
		 * @return a short description
		 */
		public String describe() {
			if (this.alarm != null) {
				return "alarm " + this.alarm;
			}
			if (this.device != null) {
				return "point " + this.device + "." + this.point;
			}
			return "state key " + this.stateKey;
		}

	}

}

package dev.library.hap;

/**
 * The kinds of HomeKit accessory the bridge can show.
 *
 * @author Library
 */
public enum AccessoryType {

	/**
	 * A switch on a boolean or numeric output (a relay, a pump).
	 */
	SWITCH(true),

	/**
	 * An outlet on a boolean or numeric output (a relay, a pump).
	 */
	OUTLET(true),

	/**
	 * A valve on an output: active, in use, valve type, set and remaining duration.
	 */
	VALVE(true),

	/**
	 * A temperature sensor, in degrees Celsius.
	 */
	TEMPERATURE_SENSOR(false),

	/**
	 * A humidity sensor, in percent; also fits a level in percent.
	 */
	HUMIDITY_SENSOR(false),

	/**
	 * A leak sensor: leak detected while the point is true (or non-zero) or the alarm
	 * active.
	 */
	LEAK_SENSOR(false),

	/**
	 * A contact sensor: open while the point is true (or non-zero) or the alarm active.
	 */
	CONTACT_SENSOR(false),

	/**
	 * An occupancy sensor: occupied while the point is true (or non-zero).
	 */
	OCCUPANCY_SENSOR(false),

	/**
	 * A carbon dioxide sensor: the level in ppm, abnormal from the accessory's limit.
	 */
	CARBON_DIOXIDE_SENSOR(false);

	private final boolean output;

	AccessoryType(boolean output) {
		this.output = output;
	}

	/**
	 * Return whether the accessory writes to an output.
	 * @return whether it needs a writable point
	 */
	public boolean isOutput() {
		return this.output;
	}

	/**
	 * Return whether an alarm can stand behind the accessory.
	 * @return whether it is a contact or leak sensor
	 */
	public boolean acceptsAlarm() {
		return this == CONTACT_SENSOR || this == LEAK_SENSOR;
	}

}

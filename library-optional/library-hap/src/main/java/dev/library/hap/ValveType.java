package dev.library.hap;

/**
 * The kinds of valve HomeKit knows (characteristic Valve Type).
 *
 * @author Library
 */
public enum ValveType {

	/**
	 * A generic valve.
	 */
	GENERIC(0),

	/**
	 * An irrigation valve (sprinkler).
	 */
	IRRIGATION(1),

	/**
	 * A shower head.
	 */
	SHOWER_HEAD(2),

	/**
	 * A water faucet.
	 */
	WATER_FAUCET(3);

	private final int code;

	ValveType(int code) {
		this.code = code;
	}

	/**
	 * Return the HAP code of the valve type.
	 * @return the code
	 */
	public int code() {
		return this.code;
	}

}

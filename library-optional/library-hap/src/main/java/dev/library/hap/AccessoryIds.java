package dev.library.hap;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Derives HomeKit accessory ids from configured ids, so that an accessory keeps its aid
 * (and so its room and scenes in HomeKit) across restarts, reloads and reordering.
 *
 * @author Library
 */
public final class AccessoryIds {

	/**
	 * The aid of the bridge itself; accessories get larger ones.
	 */
	public static final int BRIDGE = 1;

	private AccessoryIds() {
	}

	/**
	 * Return the aid derived from an accessory's id: a CRC-32 of its UTF-8 bytes, kept
	 * positive and above {@link #BRIDGE}.
	 * @param id the configured id
	 * @return the aid
	 */
	public static int of(String id) {
		CRC32 crc = new CRC32();
		crc.update(id.getBytes(StandardCharsets.UTF_8));
		int aid = (int) (crc.getValue() & 0x7fffffff);
		return (aid <= BRIDGE) ? aid + 2 : aid;
	}

}

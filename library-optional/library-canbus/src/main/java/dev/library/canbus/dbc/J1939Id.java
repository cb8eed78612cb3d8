package dev.library.canbus.dbc;

/**
 * The parts of a 29-bit J1939 (and NMEA 2000) identifier: priority (3 bits), parameter
 * group number and source address. In PDU1 format (PF below 240) the PDU specific byte is
 * a destination address and not part of the PGN; in PDU2 format it is.
 *
 * @param priority the priority, 0 (highest) to 7
 * @param pgn the parameter group number (18 bits)
 * @param sourceAddress the sender's address
 * @param destinationAddress the destination of a PDU1 message, 255 (global) for PDU2
 * @author Library
 */
public record J1939Id(int priority, int pgn, int sourceAddress, int destinationAddress) {

	/**
	 * Split an extended identifier.
	 * @param id the 29-bit id
	 * @return its parts
	 */
	public static J1939Id of(long id) {
		int priority = (int) ((id >> 26) & 0x7);
		int dataPage = (int) ((id >> 24) & 0x3);
		int format = (int) ((id >> 16) & 0xFF);
		int specific = (int) ((id >> 8) & 0xFF);
		int source = (int) (id & 0xFF);
		if (format < 240) {
			return new J1939Id(priority, (dataPage << 16) | (format << 8), source, specific);
		}
		return new J1939Id(priority, (dataPage << 16) | (format << 8) | specific, source, 0xFF);
	}

}

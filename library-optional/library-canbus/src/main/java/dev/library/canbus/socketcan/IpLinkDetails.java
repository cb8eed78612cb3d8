package dev.library.canbus.socketcan;

import dev.library.canbus.CanLinkDetails;
import dev.library.canbus.ControllerState;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the output of {@code ip -details -statistics -json link show <interface>}
 * (iproute2): {@code operstate}; {@code linkinfo.info_kind}; in
 * {@code linkinfo.info_data} the {@code state} ({@code ERROR-ACTIVE},
 * {@code ERROR-WARNING}, {@code ERROR-PASSIVE}, {@code BUS-OFF}, {@code STOPPED}),
 * {@code berr_counter.tx}/{@code rx}, {@code restart_ms}, {@code bittiming.bitrate} and
 * {@code sample_point} (or {@code bittiming_bitrate} for controllers with fixed
 * bitrates), {@code data_bittiming.bitrate}; in {@code linkinfo.info_xstats}
 * {@code bus_off} and {@code restarts}.
 *
 * @author Library
 */
public final class IpLinkDetails {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private IpLinkDetails() {
	}

	/**
	 * Parse the JSON of one interface.
	 * @param json the output of {@code ip -json}: an array of one link
	 * @return the details, or {@code null} if the output holds no link
	 * @throws IllegalArgumentException if it is not JSON
	 */
	public static @Nullable CanLinkDetails parse(String json) {
		JsonNode root;
		try {
			root = mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("ip -json output is not JSON: " + ex.getOriginalMessage(), ex);
		}
		JsonNode link = root.isArray() ? root.path(0) : root;
		if (link.isMissingNode() || !link.isObject()) {
			return null;
		}
		JsonNode info = link.path("linkinfo");
		JsonNode data = info.path("info_data");
		JsonNode stats = info.path("info_xstats");
		Long bitrate = number(data.path("bittiming").path("bitrate"));
		if (bitrate == null) {
			bitrate = number(data.path("bittiming_bitrate"));
		}
		Long dataBitrate = number(data.path("data_bittiming").path("bitrate"));
		if (dataBitrate == null) {
			dataBitrate = number(data.path("data_bittiming_bitrate"));
		}
		JsonNode samplePoint = data.path("bittiming").path("sample_point");
		Double sample = null;
		if (samplePoint.isString() || samplePoint.isNumber()) {
			try {
				sample = Double.valueOf(samplePoint.asString());
			}
			catch (NumberFormatException ex) {
				sample = null;
			}
		}
		return new CanLinkDetails(text(link.path("operstate")), text(info.path("info_kind")),
				state(text(data.path("state"))), bitrate, sample, dataBitrate,
				number(data.path("berr_counter").path("tx")), number(data.path("berr_counter").path("rx")),
				number(data.path("restart_ms")), number(stats.path("bus_off")), number(stats.path("restarts")));
	}

	static ControllerState state(@Nullable String state) {
		if (state == null) {
			return ControllerState.UNKNOWN;
		}
		return switch (state) {
			case "ERROR-ACTIVE" -> ControllerState.ERROR_ACTIVE;
			case "ERROR-WARNING" -> ControllerState.ERROR_WARNING;
			case "ERROR-PASSIVE" -> ControllerState.ERROR_PASSIVE;
			case "BUS-OFF" -> ControllerState.BUS_OFF;
			case "STOPPED" -> ControllerState.STOPPED;
			default -> ControllerState.UNKNOWN;
		};
	}

	private static @Nullable Long number(JsonNode node) {
		return node.isNumber() ? node.longValue() : null;
	}

	private static @Nullable String text(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}

}

package dev.library.i2c.firmata;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fazecast.jSerialComm.SerialPort;
import dev.library.adapters.spi.Adapter;
import dev.library.adapters.spi.AdapterException;
import dev.library.adapters.spi.DataType;
import dev.library.adapters.spi.PointConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A board running StandardFirmata on a serial port (a Pico on {@code /dev/ttyACM0}),
 * through jSerialComm. Connecting opens the port, asks for the firmware (no answer, no
 * connection), sets each output's mode and its safe level, then the input modes and their
 * reports. Outputs read back the board's pin state. A failed link is a lost connection:
 * the platform marks the readings {@code BAD} and connects again with back-off.
 * StandardFirmata has no watchdog: if the host dies, the Pico keeps its outputs, so wire
 * them to be safe de-energised.
 *
 * @author Library
 */
final class FirmataAdapter implements Adapter {

	private static final Log logger = LogFactory.getLog(FirmataAdapter.class);

	private final String instance;

	private final String portName;

	private final int baud;

	private final Duration timeout;

	private final Duration samplingInterval;

	private final Map<String, FirmataPin> pins;

	private @Nullable SerialPort port;

	private @Nullable FirmataClient client;

	FirmataAdapter(String instance, String portName, int baud, Duration timeout, Duration samplingInterval,
			Map<String, FirmataPin> pins) {
		this.instance = instance;
		this.portName = portName;
		this.baud = baud;
		this.timeout = timeout;
		this.samplingInterval = samplingInterval;
		this.pins = new LinkedHashMap<>(pins);
	}

	@Override
	public synchronized void connect() {
		closeLink();
		SerialPort serial = SerialPort.getCommPort(this.portName);
		serial.setComPortParameters(this.baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
		serial.setComPortTimeouts(SerialPort.TIMEOUT_READ_BLOCKING, 0, 0);
		if (!serial.openPort()) {
			throw new AdapterException("Serial port " + this.portName + " of adapter '" + this.instance
					+ "' could not be opened (error " + serial.getLastErrorCode() + ")");
		}
		this.port = serial;
		FirmataClient opened = new FirmataClient(this.instance, serial.getInputStream(), serial.getOutputStream(),
				this.timeout);
		this.client = opened;
		try {
			String firmware = opened.firmware();
			logger.info("Adapter '" + this.instance + "': " + firmware + " on " + this.portName);
			for (FirmataPin pin : this.pins.values()) {
				if (pin.digital() && pin.point().writable()) {
					opened.pinMode(pin.number(), FirmataClient.OUTPUT);
					opened.digitalWrite(pin.number(), pin.safeLevel());
				}
			}
			boolean[] ports = new boolean[16];
			for (FirmataPin pin : this.pins.values()) {
				if (pin.digital() && !pin.point().writable()) {
					opened.pinMode(pin.number(), pin.pullUp() ? FirmataClient.PULLUP : FirmataClient.INPUT);
					ports[pin.number() / 8] = true;
				}
			}
			opened.samplingInterval(this.samplingInterval);
			for (int i = 0; i < ports.length; i++) {
				if (ports[i]) {
					opened.reportDigital(i);
				}
			}
			for (FirmataPin pin : this.pins.values()) {
				if (!pin.digital()) {
					opened.reportAnalog(pin.number());
				}
			}
		}
		catch (RuntimeException ex) {
			closeLink();
			throw (ex instanceof AdapterException adapterException) ? adapterException
					: new AdapterException("Firmata board on " + this.portName + " not set up: " + ex.getMessage(), ex);
		}
	}

	@Override
	public boolean isConnected() {
		FirmataClient current = this.client;
		return current != null && current.isAlive();
	}

	@Override
	public synchronized Object read(PointConfig point) {
		FirmataPin pin = pin(point);
		FirmataClient current = client();
		if (!pin.digital()) {
			int raw = current.analogRead(pin.number());
			return (point.dataType() == DataType.INTEGER) ? (Object) (long) raw : (Object) (double) raw;
		}
		boolean high = point.writable() ? current.pinState(pin.number()) != 0 : current.digitalRead(pin.number());
		return pin.value(high);
	}

	@Override
	public synchronized void write(PointConfig point, Object value) {
		FirmataPin pin = pin(point);
		if (!pin.digital() || !point.writable()) {
			throw new AdapterException(point.id() + " is an input");
		}
		client().digitalWrite(pin.number(), pin.level((Boolean) value));
	}

	@Override
	public synchronized void close() {
		FirmataClient current = this.client;
		if (current != null && current.isAlive()) {
			for (FirmataPin pin : this.pins.values()) {
				if (pin.digital() && pin.point().writable()) {
					try {
						current.digitalWrite(pin.number(), pin.safeLevel());
					}
					catch (RuntimeException ex) {
						logger.error("Output " + pin.point().id() + " could not be driven to its safe state: "
								+ ex.getMessage());
					}
				}
			}
		}
		closeLink();
	}

	private FirmataPin pin(PointConfig point) {
		FirmataPin pin = this.pins.get(point.id());
		if (pin == null) {
			throw new AdapterException("Point " + point.id() + " is not a pin of adapter '" + this.instance + "'");
		}
		return pin;
	}

	private FirmataClient client() {
		FirmataClient current = this.client;
		if (current == null || !current.isAlive()) {
			throw new AdapterException("Firmata board of adapter '" + this.instance + "' is not connected");
		}
		return current;
	}

	private void closeLink() {
		FirmataClient current = this.client;
		this.client = null;
		if (current != null) {
			current.close();
		}
		SerialPort serial = this.port;
		this.port = null;
		if (serial != null) {
			serial.closePort();
		}
	}

}

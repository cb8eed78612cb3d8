package dev.library.canbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * The CAN buses connected now, for the REST endpoints and health. A bus registers itself
 * when it connects and leaves when it closes, so adapters created only to check a
 * configuration never appear.
 *
 * @author Library
 */
public class CanbusRegistry {

	private final List<CanbusAdapter> buses = new CopyOnWriteArrayList<>();

	void add(CanbusAdapter bus) {
		if (!this.buses.contains(bus)) {
			this.buses.add(bus);
		}
	}

	void remove(CanbusAdapter bus) {
		this.buses.remove(bus);
	}

	/**
	 * Return the connected buses, by adapter id.
	 * @return the buses
	 */
	public List<CanbusAdapter> buses() {
		List<CanbusAdapter> sorted = new ArrayList<>(this.buses);
		sorted.sort(Comparator.comparing(CanbusAdapter::getId));
		return sorted;
	}

	/**
	 * Return a bus by adapter id.
	 * @param id the adapter instance id
	 * @return the bus, or {@code null}
	 */
	public @Nullable CanbusAdapter bus(String id) {
		for (CanbusAdapter bus : this.buses) {
			if (bus.getId().equals(id)) {
				return bus;
			}
		}
		return null;
	}

}

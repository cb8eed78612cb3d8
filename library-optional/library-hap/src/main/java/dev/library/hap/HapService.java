package dev.library.hap;

import java.util.ArrayList;
import java.util.List;

import io.github.hapjava.characteristics.Characteristic;
import io.github.hapjava.services.Service;

/**
 * A HomeKit service with a fixed list of characteristics, whose order fixes their iids.
 *
 * @author Library
 */
final class HapService implements Service {

	private final String shortType;

	private final List<Characteristic> characteristics;

	HapService(String shortType, List<HapCharacteristic> characteristics) {
		this.shortType = shortType;
		this.characteristics = List.copyOf(characteristics);
	}

	@Override
	public List<Characteristic> getCharacteristics() {
		return this.characteristics;
	}

	@Override
	public String getType() {
		return "0".repeat(8 - this.shortType.length()) + this.shortType + "-0000-1000-8000-0026BB765291";
	}

	@Override
	public List<Service> getLinkedServices() {
		return new ArrayList<>();
	}

	@Override
	public void addLinkedService(Service service) {
		throw new UnsupportedOperationException("Linked services are not used");
	}

	List<HapCharacteristic> hapCharacteristics() {
		return this.characteristics.stream().map(HapCharacteristic.class::cast).toList();
	}

}

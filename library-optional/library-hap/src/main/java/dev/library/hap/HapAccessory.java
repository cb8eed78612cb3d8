package dev.library.hap;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.hapjava.accessories.HomekitAccessory;
import io.github.hapjava.services.Service;

/**
 * A bridged HomeKit accessory made from an {@link AccessoryDefinition}.
 *
 * @author Library
 */
final class HapAccessory implements HomekitAccessory {

	private final AccessoryDefinition definition;

	private final HapService service;

	private final List<Service> services;

	private final Runnable checkFault;

	private final Runnable release;

	/**
	 * Create an accessory.
	 * @param definition its definition
	 * @param service its service
	 * @param checkFault tells subscribed controllers when its Status Fault changed
	 * @param release stops following its source (when removed or stopped)
	 */
	HapAccessory(AccessoryDefinition definition, HapService service, Runnable checkFault, Runnable release) {
		this.definition = definition;
		this.service = service;
		this.services = List.of(service);
		this.checkFault = checkFault;
		this.release = release;
	}

	void checkFault() {
		this.checkFault.run();
	}

	void release() {
		this.release.run();
	}

	AccessoryDefinition definition() {
		return this.definition;
	}

	HapService service() {
		return this.service;
	}

	@Override
	public int getId() {
		return this.definition.aid();
	}

	@Override
	public CompletableFuture<String> getName() {
		return CompletableFuture.completedFuture(this.definition.name());
	}

	@Override
	public void identify() {
	}

	@Override
	public CompletableFuture<String> getSerialNumber() {
		return CompletableFuture.completedFuture(this.definition.id());
	}

	@Override
	public CompletableFuture<String> getModel() {
		return CompletableFuture.completedFuture(this.definition.type().name().toLowerCase().replace('_', '-'));
	}

	@Override
	public CompletableFuture<String> getManufacturer() {
		return CompletableFuture.completedFuture("Library");
	}

	@Override
	public CompletableFuture<String> getFirmwareRevision() {
		return CompletableFuture.completedFuture("0.1.0");
	}

	@Override
	public Collection<Service> getServices() {
		return this.services;
	}

	@Override
	public Service getPrimaryService() {
		return this.service;
	}

}

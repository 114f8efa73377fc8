package dev.jrunc.spec.config;

/** linux.resources.blockIO. */
public record BlockIO(Integer weight, Integer leafWeight, java.util.List<WeightDevice> weightDevice, java.util.List<ThrottleDevice> throttleReadBpsDevice, java.util.List<ThrottleDevice> throttleWriteBpsDevice, java.util.List<ThrottleDevice> throttleReadIOPSDevice, java.util.List<ThrottleDevice> throttleWriteIOPSDevice) {
}

package io.hacluster.inventory.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.core.type.TypeReference;

import io.hacluster.events.HealthCheck;

/** A container's health check in a JSON text column; null for none. */
@Converter
public class HealthCheckConverter implements AttributeConverter<HealthCheck, String> {

    private static final TypeReference<HealthCheck> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(HealthCheck attribute) {
        return attribute == null ? null : Json.write(attribute);
    }

    @Override
    public HealthCheck convertToEntityAttribute(String dbData) {
        return dbData == null || dbData.isBlank() ? null : Json.read(dbData, TYPE);
    }
}

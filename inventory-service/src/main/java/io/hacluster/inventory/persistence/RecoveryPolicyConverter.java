package io.hacluster.inventory.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.core.type.TypeReference;

import io.hacluster.events.RecoveryPolicy;

/** A group's recovery policy in a JSON text column; null reads as the default. */
@Converter
public class RecoveryPolicyConverter implements AttributeConverter<RecoveryPolicy, String> {

    private static final TypeReference<RecoveryPolicy> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(RecoveryPolicy attribute) {
        return Json.write(attribute == null ? RecoveryPolicy.DEFAULT : attribute);
    }

    @Override
    public RecoveryPolicy convertToEntityAttribute(String dbData) {
        return dbData == null || dbData.isBlank() ? RecoveryPolicy.DEFAULT : Json.read(dbData, TYPE);
    }
}

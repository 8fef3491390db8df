"""Chargement plus rapide des modèles TensorFlow de Rasa (DIET, TED).

Rasa 3.6 reconstruit chaque modèle en l'« entraînant » sur un exemple avant d'y charger les poids
(`RasaModel.load`). Cet unique pas est compilé en graphe TensorFlow : mesuré ici, ce traçage du
graphe d'entraînement, qui ne sert plus jamais ensuite, fait l'essentiel des ≈ 45 s de
`Agent.load` (profil cProfile dans BENCHMARKS.md). On fait ce pas en mode immédiat (eager), puis on
rend au modèle son mode d'exécution avant le préchauffage de la prédiction, qui reste compilée
en graphe, mais tracée sans AutoGraph (la transpilation du code Python de DIET prenait ≈ 8 s).
Les poids chargés sont ceux du fichier : les prédictions sont identiques (testé).
Le réentraînement fin (finetune) garde le chemin d'origine de Rasa.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

#: RasaModel.load de Rasa (la fonction sous le classmethod), gardée pour le réentraînement fin.
CHARGER_DE_RASA = RasaModel.load.__func__  # type: ignore[attr-defined]


def charger_modele(cls: type, model_file_name: str, model_data_example: RasaModelData,
                   predict_data_example: RasaModelData | None = None, finetune_mode: bool = False,
                   *args: Any, **kwargs: Any) -> RasaModel:
    """RasaModel.load sans traçage du pas d'entraînement ; réentraînement fin : celui de Rasa."""
    if finetune_mode:
        return CHARGER_DE_RASA(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                               *args, **kwargs)
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    model.run_eagerly = bool(config.get(RUN_EAGERLY))
    # Le pas de prédiction de Rasa n'a pas de flot de contrôle sur des tenseurs : le tracer sans
    # AutoGraph (transpilation du code Python, ≈ 8 s pour DIET) donne le même graphe.
    model.predict_step = tf.autograph.experimental.do_not_convert(model.predict_step)
    if predict_data_example:
        model.run_inference(predict_data_example)
    return model

